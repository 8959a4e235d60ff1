import { Link } from "react-router";
import { useTranslation } from "react-i18next";

export default function NotFoundPage() {
  const { t } = useTranslation("common");
  return (
    <section>
      <h1 data-testid="not-found">{t("notFound")}</h1>
      <p>
        <Link to="/workspaces">{t("backToWorkspaces")}</Link>
      </p>
    </section>
  );
}
