// Log in with username and password (POST /api/auth/login); then go where the user was heading.
import { useEffect, useId, useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api";
import { useAuth } from "../../auth/AuthContext";
import { LanguageSwitch } from "../../shell/LanguageSwitch";

export default function LoginPage() {
  const { t } = useTranslation(["login", "shell"]);
  const { user, login, loading } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [municipality, setMunicipality] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userId = useId();
  const pwId = useId();
  const munId = useId();
  const next = params.get("next");
  const target = next && next.startsWith("/") && !next.startsWith("//") ? next : "/workspaces";

  useEffect(() => {
    document.title = `${t("title")} – Sagsflow`;
  }, [t]);

  if (!loading && user) return <Navigate to={target} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password, municipality);
      navigate(target, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t("wrong"));
      else if (err instanceof ApiError && err.status === 429) setError(t("blocked"));
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t("shell:skipToContent")}
      </a>
      <header className="app-header">
        <span className="brand">Sagsflow</span>
        <div className="header-end">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="login">
        <h1>{t("title")}</h1>
        <p>{t("intro")}</p>
        <form onSubmit={submit} className="card" aria-describedby={error ? "login-error" : undefined}>
          <label htmlFor={userId}>{t("username")}</label>
          <input
            id={userId}
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <label htmlFor={pwId}>{t("password")}</label>
          <input
            id={pwId}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <label htmlFor={munId}>{t("municipality")}</label>
          <input
            id={munId}
            name="municipality"
            autoComplete="organization"
            aria-describedby={`${munId}-hint`}
            data-testid="login-municipality"
            value={municipality}
            onChange={(e) => setMunicipality(e.target.value)}
          />
          <p id={`${munId}-hint`} className="muted">
            {t("municipalityHint")}
          </p>
          {error ? (
            <p id="login-error" className="error" role="alert" data-testid="login-error">
              {error}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {t("submit")}
          </button>
        </form>
      </main>
    </>
  );
}
