// An API error shown to the user: the server's message (it names the field and what to try) and its hint.
import { useTranslation } from "react-i18next";
import { ApiError } from "../api";

export function ProblemMessage({ error }: { error: Error | undefined | null }) {
  const { t } = useTranslation("common");
  if (!error) return null;
  if (error instanceof ApiError && error.status === 404) {
    return (
      <div className="error" role="alert" data-testid="not-found">
        <strong>{t("notFound")}</strong> {t("notFoundHint")}
      </div>
    );
  }
  const hint = error instanceof ApiError ? error.problem.hint : null;
  return (
    <div className="error" role="alert" data-testid="problem">
      <strong>{t("error")}:</strong> {error.message}
      {hint ? <> {hint}</> : null}
    </div>
  );
}
