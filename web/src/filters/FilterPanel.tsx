// The filter stack of the current log: add, edit, flip retain/remove, reorder, delete; saved and shared
// filters by name; "copy as Python".
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError, type FilterSpec, type FilterStep, type FilterType, type MapRequest } from "../api";
import { useAuth } from "../auth/AuthContext";
import { useFilters } from "../state/filters";
import { useAsync } from "../state/useAsync";
import { describeStep, emptyForm, FILTER_TYPES, stepToForm, type StepForm } from "./fields";
import { pythonCode } from "./python";
import { StepEditor } from "./StepEditor";

/** The filters a step's pickers count under: the steps before it (all of them for a new step). */
function before(steps: FilterStep[], index: number): FilterSpec | null {
  const prior = index < 0 ? steps : steps.slice(0, index);
  return prior.length ? { version: 1, steps: prior } : null;
}

export function FilterPanel({
  workspaceId,
  workspaceName,
  log,
  map,
}: {
  workspaceId: number;
  workspaceName: string;
  log: string;
  map?: Omit<MapRequest, "filter">;
}) {
  const { t } = useTranslation("filters");
  const { user } = useAuth();
  const { steps, setSteps } = useFilters();
  const [editing, setEditing] = useState<{ index: number; form: StepForm } | null>(null);
  const [newType, setNewType] = useState(FILTER_TYPES[0]);
  const typeId = useId();
  const activityList = useId();
  // activity names for the activity fields of the forms (suggestions; any text is accepted)
  const activities = useAsync(
    () =>
      api
        .activityStatistics(workspaceId, log, null)
        .then((t) => t.rows.map((r) => String(r.activity)))
        .catch(() => [] as string[]),
    [workspaceId, log],
  );

  const move = (i: number, d: number) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    next.splice(i + d, 0, s);
    setSteps(next);
  };
  const save = (step: FilterStep) => {
    if (!editing) return;
    const next = [...steps];
    if (editing.index < 0) next.push(step);
    else next[editing.index] = step;
    setSteps(next);
    setEditing(null);
  };

  return (
    <section className="filter-panel" aria-labelledby="filters-title" data-testid="filter-panel">
      <h2 id="filters-title">{t("title")}</h2>
      {steps.length === 0 ? <p className="muted">{t("none")}</p> : null}
      <ol className="steps" data-testid="filter-steps">
        {steps.map((s, i) => (
          <li key={i} className={`step ${s.action === "remove" ? "remove" : "retain"}`}>
            <div className="step-head">
              <strong>{t(`types.${s.type}.name`, { defaultValue: s.type })}</strong>{" "}
              <span className="badge">{t(`actions.${s.action === "remove" ? "remove" : "retain"}`)}</span>
              <div className="step-desc">{describeStep(s)}</div>
            </div>
            <div className="step-buttons">
              <button
                type="button"
                onClick={() => setSteps(steps.map((x, j) => (j === i ? { ...x, action: x.action === "remove" ? "retain" : "remove" } : x)))}
              >
                {t("flip")}
              </button>
              <button type="button" onClick={() => setEditing({ index: i, form: stepToForm(s) })}>
                {t("edit")}
              </button>
              <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t("moveUp", { n: i + 1 })}>
                ↑
              </button>
              <button type="button" disabled={i === steps.length - 1} onClick={() => move(i, 1)} aria-label={t("moveDown", { n: i + 1 })}>
                ↓
              </button>
              <button type="button" data-testid={`delete-step-${i}`} onClick={() => setSteps(steps.filter((_, j) => j !== i))} aria-label={t("deleteStep", { n: i + 1 })}>
                ✕
              </button>
            </div>
          </li>
        ))}
      </ol>
      {editing ? (
        <StepEditor
          key={`${editing.index}-${editing.form.type}`}
          initial={editing.form}
          onSave={save}
          onCancel={() => setEditing(null)}
          activityList={activityList}
          source={{ workspaceId, log, filter: before(steps, editing.index) }}
        />
      ) : (
        <div className="add-step">
          <label htmlFor={typeId}>{t("addType")}</label>
          <select id={typeId} data-testid="add-type" value={newType} onChange={(e) => setNewType(e.target.value as FilterType)}>
            {FILTER_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`types.${ty}.name`)}
              </option>
            ))}
          </select>
          <button type="button" data-testid="add-step" onClick={() => setEditing({ index: -1, form: emptyForm(newType) })}>
            {t("add")}
          </button>
          {steps.length ? (
            <button type="button" onClick={() => setSteps([])}>
              {t("clear")}
            </button>
          ) : null}
        </div>
      )}
      <datalist id={activityList} data-testid="activity-suggestions">
        {(activities.data ?? []).map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <SavedFilters workspaceId={workspaceId} ownerId={user?.id} />
      <details className="python">
        <summary>{t("copyPython")}</summary>
        <PythonBox code={pythonCode({ workspaceName, log, steps, map, showSmallGroups: user?.role === "analyst" && map?.perspective !== "activity" })} />
      </details>
    </section>
  );
}

function PythonBox({ code }: { code: string }) {
  const { t } = useTranslation("filters");
  const [copied, setCopied] = useState(false);
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="visually-hidden">
        {t("pythonCode")}
      </label>
      <textarea id={id} readOnly rows={8} className="code" value={code} data-testid="python-code" />
      <button
        type="button"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(code);
            setCopied(true);
          } catch {
            const el = document.getElementById(id) as HTMLTextAreaElement | null;
            el?.select();
          }
        }}
      >
        {t("copy")}
      </button>
      <span role="status">{copied ? t("copied") : ""}</span>
    </div>
  );
}

function SavedFilters({ workspaceId, ownerId }: { workspaceId: number; ownerId?: number }) {
  const { t } = useTranslation("filters");
  const { steps, setSteps } = useFilters();
  const [reload, setReload] = useState(0);
  const saved = useAsync(() => api.filters(workspaceId), [workspaceId, reload]);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const pickId = useId();
  return (
    <div className="saved-filters">
      <h3>{t("saved")}</h3>
      {saved.data && saved.data.length ? (
        <ul data-testid="saved-list">
          {saved.data.map((f) => (
            <li key={f.id}>
              <button type="button" className="link" onClick={() => setSteps(f.spec.steps ?? [])}>
                {f.name}
              </button>
              {f.shared ? <span className="badge">{t("shared")}</span> : null}
              {f.owner_id === ownerId ? (
                <button
                  type="button"
                  aria-label={t("deleteSaved", { name: f.name })}
                  onClick={async () => {
                    await api.deleteFilter(workspaceId, f.id);
                    setReload((r) => r + 1);
                  }}
                >
                  ✕
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("noSaved")}</p>
      )}
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await api.saveFilter(workspaceId, name.trim(), { version: 1, steps }, shared);
            setName("");
            setReload((r) => r + 1);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : String(err));
          }
        }}
      >
        <label htmlFor={nameId}>{t("saveAs")}</label>
        <input id={nameId} data-testid="save-name" value={name} required onChange={(e) => setName(e.target.value)} />
        <label className="check" htmlFor={pickId}>
          <input id={pickId} type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          {t("share")}
        </label>
        <button type="submit" disabled={!steps.length || !name.trim()}>
          {t("save")}
        </button>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </div>
  );
}
