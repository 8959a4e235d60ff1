// Administration: the users of the municipality (add, change role, deactivate, new password), their API tokens
// (list, revoke), its workspaces, and, for a global administrator, the municipalities.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, type Municipality, type Role, type User } from "../../api";
import { createUser, listTokens, revokeToken, updateUser, type AdminToken } from "../../api/admin";
import { formatDateTime } from "../../i18n/format";
import { useAuth } from "../../auth/AuthContext";
import { ALL_ROLES } from "../../auth/roles";
import { useAsync } from "../../state/useAsync";
import { ProblemMessage } from "../ProblemMessage";
import "./admin.css";

export default function AdminPage() {
  const { t } = useTranslation(["admin", "common"]);
  const { user: me } = useAuth();
  const global = me?.municipality_id == null;
  const [version, setVersion] = useState(0);
  const refresh = () => setVersion((v) => v + 1);
  const data = useAsync(async () => {
    const [users, municipalities, workspaces, tokens] = await Promise.all([
      api.users(), api.municipalities(), api.workspaces(), listTokens(),
    ]);
    return { users, municipalities, workspaces, tokens };
  }, [version]);
  const [error, setError] = useState<Error | null>(null);
  const [status, setStatus] = useState("");
  useEffect(() => {
    document.title = `${t("title")} – Sagsflow`;
  }, [t]);
  const munName = (id: number | null, ms: Municipality[]) => (id == null ? t("global") : (ms.find((m) => m.id === id)?.name ?? String(id)));

  async function act(p: Promise<unknown>, done: string) {
    setError(null);
    try {
      await p;
      setStatus(done);
      refresh();
    } catch (e) {
      setError(e as Error);
    }
  }

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("title")}</h1>
      <ProblemMessage error={data.error ?? error} />
      <p role="status" aria-live="polite" data-testid="admin-status">{status}</p>
      {data.loading && !data.data ? <p role="status">{t("common:loading")}</p> : null}
      {data.data ? (
        <>
          <section aria-labelledby="users-title">
            <h2 id="users-title">{t("users")}</h2>
            <table className="data" data-testid="user-table">
              <caption className="visually-hidden">{t("users")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("username")}</th>
                  <th scope="col">{t("role")}</th>
                  <th scope="col">{t("municipality")}</th>
                  <th scope="col">{t("state")}</th>
                  <th scope="col">{t("actions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.data.users.map((u) => (
                  <UserRow key={u.id} u={u} me={me} municipality={munName(u.municipality_id, data.data!.municipalities)} act={act} />
                ))}
              </tbody>
            </table>
            <NewUser global={global} municipalities={data.data.municipalities} act={act} />
          </section>
          <Tokens tokens={data.data.tokens} act={act} />
          <section aria-labelledby="ws-title">
            <h2 id="ws-title">{t("workspaces")}</h2>
            <table className="data" data-testid="workspace-table">
              <caption className="visually-hidden">{t("workspaces")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("name")}</th>
                  <th scope="col">{t("municipality")}</th>
                </tr>
              </thead>
              <tbody>
                {data.data.workspaces.map((w) => (
                  <tr key={w.id}>
                    <th scope="row">{w.name}</th>
                    <td>{munName(w.municipality_id, data.data!.municipalities)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <NewWorkspace global={global} municipalities={data.data.municipalities} act={act} />
          </section>
          <section aria-labelledby="mun-title">
            <h2 id="mun-title">{t("municipalities")}</h2>
            <table className="data" data-testid="municipality-table">
              <caption className="visually-hidden">{t("municipalities")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("name")}</th>
                  <th scope="col">{t("code")}</th>
                </tr>
              </thead>
              <tbody>
                {data.data.municipalities.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">{m.name}</th>
                    <td>{m.code ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {global ? <NewMunicipality act={act} /> : <p className="muted">{t("onlyGlobal")}</p>}
          </section>
        </>
      ) : null}
    </section>
  );
}

type Act = (p: Promise<unknown>, done: string) => Promise<void>;

function Tokens({ tokens, act }: { tokens: AdminToken[]; act: Act }) {
  const { t, i18n } = useTranslation(["admin", "common"]);
  const when = (v: string | null) => (v ? formatDateTime(v, i18n.language) : "–");
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t("tokens")}</h2>
      <p className="muted">{t("tokensIntro")}</p>
      {tokens.length === 0 ? (
        <p data-testid="no-tokens">{t("noTokens")}</p>
      ) : (
        <table className="data" data-testid="token-table">
          <caption className="visually-hidden">{t("tokens")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("username")}</th>
              <th scope="col">{t("tokenName")}</th>
              <th scope="col">{t("scope")}</th>
              <th scope="col">{t("createdAt")}</th>
              <th scope="col">{t("expiresAt")}</th>
              <th scope="col">{t("lastUsed")}</th>
              <th scope="col">{t("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((k) => (
              <tr key={k.id} data-testid={`token-${k.id}`}>
                <th scope="row">{k.username}</th>
                <td>{k.name} <span className="muted">({k.prefix}…)</span></td>
                <td>{t(`scopes.${k.scope}`)}</td>
                <td>{when(k.created_at)}</td>
                <td>{when(k.expires_at)}</td>
                <td>{when(k.last_used_at)}</td>
                <td>
                  <button type="button" onClick={() => act(revokeToken(k.id), t("tokenRevoked", { name: k.name, user: k.username }))}>
                    {t("revokeToken", { name: k.name, user: k.username })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function UserRow({ u, me, municipality, act }: { u: User; me: User | null | undefined; municipality: string; act: Act }) {
  const { t } = useTranslation(["admin", "common"]);
  const [pw, setPw] = useState("");
  const self = me?.id === u.id;
  return (
    <tr data-testid={`user-${u.username}`}>
      <th scope="row">{u.username}</th>
      <td>
        <select
          aria-label={t("roleOf", { user: u.username })}
          value={u.role}
          disabled={self}
          onChange={(e) => act(updateUser(u.id, { role: e.target.value as Role }), t("changed", { user: u.username }))}
        >
          {ALL_ROLES.map((r) => <option key={r} value={r}>{t(`common:roles.${r}`)}</option>)}
        </select>
      </td>
      <td>{municipality}</td>
      <td>{u.active ? t("active") : t("inactive")}</td>
      <td className="inline-form">
        <button type="button" disabled={self} onClick={() => act(updateUser(u.id, { active: !u.active }), t("changed", { user: u.username }))}>
          {u.active ? t("deactivate") : t("activate")}
        </button>
        <input type="password" aria-label={t("newPasswordOf", { user: u.username })} value={pw} onChange={(e) => setPw(e.target.value)} autoComplete="new-password" minLength={12} size={14} />
        <button type="button" disabled={pw.length < 12} onClick={() => act(updateUser(u.id, { password: pw }).then(() => setPw("")), t("passwordSet", { user: u.username }))}>
          {t("setPassword")}
        </button>
      </td>
    </tr>
  );
}

function NewUser({ global, municipalities, act }: { global: boolean; municipalities: Municipality[]; act: Act }) {
  const { t } = useTranslation(["admin", "common"]);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [mid, setMid] = useState<string>(municipalities[0] ? String(municipalities[0].id) : "");
  function submit(e: FormEvent) {
    e.preventDefault();
    void act(
      createUser({ username, password, role, municipality_id: global ? (mid ? Number(mid) : null) : null }).then(() => {
        setUsername("");
        setPassword("");
      }),
      t("created", { user: username }),
    );
  }
  return (
    <form className="inline-form card" onSubmit={submit} aria-labelledby="new-user-title" data-testid="new-user">
      <h3 id="new-user-title">{t("newUser")}</h3>
      <label htmlFor="nu-name">{t("username")}</label>
      <input id="nu-name" value={username} onChange={(e) => setUsername(e.target.value)} required pattern="[A-Za-z0-9._@\-]+" autoComplete="off" />
      <label htmlFor="nu-pw">{t("password")}</label>
      <input id="nu-pw" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={12} autoComplete="new-password" aria-describedby="nu-pw-hint" />
      <span id="nu-pw-hint" className="muted">{t("passwordHint")}</span>
      <label htmlFor="nu-role">{t("role")}</label>
      <select id="nu-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {ALL_ROLES.map((r) => <option key={r} value={r}>{t(`common:roles.${r}`)}</option>)}
      </select>
      {global ? (
        <>
          <label htmlFor="nu-mun">{t("municipality")}</label>
          <select id="nu-mun" value={mid} onChange={(e) => setMid(e.target.value)}>
            {municipalities.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
            <option value="">{t("global")}</option>
          </select>
        </>
      ) : null}
      <button type="submit" className="primary">{t("add")}</button>
    </form>
  );
}

function NewWorkspace({ global, municipalities, act }: { global: boolean; municipalities: Municipality[]; act: Act }) {
  const { t } = useTranslation("admin");
  const [name, setName] = useState("");
  const [mid, setMid] = useState<string>(municipalities[0] ? String(municipalities[0].id) : "");
  function submit(e: FormEvent) {
    e.preventDefault();
    void act(api.createWorkspace(name, global && mid ? Number(mid) : undefined).then(() => setName("")), t("created", { user: name }));
  }
  return (
    <form className="inline-form card" onSubmit={submit} aria-labelledby="new-ws-title">
      <h3 id="new-ws-title">{t("newWorkspace")}</h3>
      <label htmlFor="nw-name">{t("name")}</label>
      <input id="nw-name" value={name} onChange={(e) => setName(e.target.value)} required />
      {global ? (
        <>
          <label htmlFor="nw-mun">{t("municipality")}</label>
          <select id="nw-mun" value={mid} onChange={(e) => setMid(e.target.value)}>
            {municipalities.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </>
      ) : null}
      <button type="submit" className="primary">{t("add")}</button>
    </form>
  );
}

function NewMunicipality({ act }: { act: Act }) {
  const { t } = useTranslation("admin");
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  function submit(e: FormEvent) {
    e.preventDefault();
    void act(api.createMunicipality(name, code || undefined).then(() => { setName(""); setCode(""); }), t("created", { user: name }));
  }
  return (
    <form className="inline-form card" onSubmit={submit} aria-labelledby="new-mun-title">
      <h3 id="new-mun-title">{t("newMunicipality")}</h3>
      <label htmlFor="nm-name">{t("name")}</label>
      <input id="nm-name" value={name} onChange={(e) => setName(e.target.value)} required />
      <label htmlFor="nm-code">{t("code")}</label>
      <input id="nm-code" value={code} onChange={(e) => setCode(e.target.value)} size={6} />
      <button type="submit" className="primary">{t("add")}</button>
    </form>
  );
}
