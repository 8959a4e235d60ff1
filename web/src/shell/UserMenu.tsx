import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext";

export function UserMenu() {
  const { user, logout } = useAuth();
  const { t } = useTranslation("shell");
  const tc = useTranslation("common").t;
  const navigate = useNavigate();
  if (!user) return null;
  return (
    <details className="user-menu">
      <summary data-testid="user-menu">
        <span className="visually-hidden">{t("userMenu")}: </span>
        {user.username} <span className="role">({tc(`roles.${user.role}`)})</span>
      </summary>
      <div className="menu">
        <button
          type="button"
          data-testid="logout"
          onClick={async () => {
            await logout();
            navigate("/login", { replace: true });
          }}
        >
          {t("logout")}
        </button>
      </div>
    </details>
  );
}
