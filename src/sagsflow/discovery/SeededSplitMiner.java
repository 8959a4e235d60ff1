// Sagsflow: runs Split Miner 1.7.1 (splitminer.App in the reference jar) with a seeded random source, so the same
// log and parameters give the same model on every run.
//
// Split Miner's graph elements (ProM's BPMN diagram) are identified by random UUIDs (NodeID: UUID.randomUUID()), and
// they are kept in hash sets and maps keyed by those ids, so the order in which gateways are discovered, and with it
// the model, changes from run to run. This launcher puts a deterministic generator (SplitMix64, seeded by the system
// property sagsflow.seed) first in the list of security providers of this JVM only, before Split Miner starts, so
// `new SecureRandom()` (which UUID.randomUUID() uses) draws the same ids on every run. The Split Miner JVM reads an
// XES file and writes a BPMN file; nothing in it relies on the randomness being unpredictable.
// Public API only (java.security.Provider, SecureRandomSpi, Security); Java 11 or later.

import java.security.Provider;
import java.security.SecureRandomSpi;
import java.security.Security;

public final class SeededSplitMiner {

    private SeededSplitMiner() {
    }

    /** SplitMix64 (Steele, Lea, Flood 2014) as a SecureRandom implementation: deterministic, not secure. */
    public static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private long state = Long.getLong("sagsflow.seed", 0L);

        @Override
        protected void engineSetSeed(byte[] seed) {
            // ignored: the seed is the system property sagsflow.seed
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            long z = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (i % 8 == 0) {
                    state += 0x9E3779B97F4A7C15L;
                    z = state;
                    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                    z ^= z >>> 31;
                }
                bytes[i] = (byte) (z >>> (8 * (i % 8)));
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int n) {
            byte[] b = new byte[n];
            engineNextBytes(b);
            return b;
        }
    }

    public static void main(String[] args) throws Exception {
        Provider seeded = new Provider("SagsflowSeeded", "1.0", "seeded random source for Split Miner") {
            private static final long serialVersionUID = 1L;
        };
        seeded.put("SecureRandom.Seeded", Spi.class.getName());
        Security.insertProviderAt(seeded, 1);
        splitminer.App.main(args);
    }
}
