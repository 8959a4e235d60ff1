// Shows a page only to the roles it is for; everyone else gets a clear "needs ... role" message.
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import type { Role } from "../api";
import { useAuth } from "../auth/AuthContext";
import { allowed, neededRole } from "../auth/roles";

export function RoleGuard({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user, loading } = useAuth();
  const { t } = useTranslation("common");
  const location = useLocation();
  if (loading) return <p role="status">{t("loading")}</p>;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!allowed(user.role, roles)) {
    return (
      <section className="notice" aria-labelledby="needs-role">
        <h1 id="needs-role" data-testid="needs-role">
          {t("needsRole", { role: t(`roles.${neededRole(roles)}`) })}
        </h1>
        <p>{t("needsRoleHint", { role: t(`roles.${user.role}`) })}</p>
      </section>
    );
  }
  return <>{children}</>;
}
