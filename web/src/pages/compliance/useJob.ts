// Follow a background job until it ends: poll /api/jobs/{id} once a second; `onDone` runs once when it succeeds.
import { useEffect, useRef, useState } from "react";
import { api, type Job } from "../../api";

export const FINAL_STATES = ["succeeded", "failed", "cancelled"];

export function useJob(onDone: (job: Job) => void): { job: Job | null; start: (job: Job) => void; error: Error | null } {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    if (!job) return;
    if (FINAL_STATES.includes(job.state)) {
      if (job.state === "succeeded") done.current(job);
      return;
    }
    const timer = setTimeout(() => {
      api.job(job.id).then(setJob, (e: Error) => setError(e));
    }, 1000);
    return () => clearTimeout(timer);
  }, [job]);
  return {
    job,
    error,
    start: (j: Job) => {
      setError(null);
      setJob(j);
    },
  };
}
