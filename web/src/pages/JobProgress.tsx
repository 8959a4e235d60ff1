// The progress of a background job (evaluation, training ...): a progress bar, a live status line and the
// error when it failed. Labels come from the page's namespace (`progress`, `states.<state>`).
import type { TFunction } from "i18next";
import type { Job } from "../api/types";
import { formatPercent } from "../i18n/format";

export function JobProgress({ job, id, testId, t, lang }: { job: Job; id: string; testId: string; t: TFunction; lang: string }) {
  return (
    <div className="job">
      <label htmlFor={id}>{t("progress")}</label>
      <progress id={id} max={1} value={job.progress} />
      <p role="status" aria-live="polite" data-testid={testId} data-state={job.state}>
        {t(`states.${job.state}`)} · {formatPercent(job.progress, lang)}
        {job.message ? ` · ${job.message}` : ""}
      </p>
      {job.state === "failed" ? <div className="error" role="alert">{job.error}</div> : null}
    </div>
  );
}
