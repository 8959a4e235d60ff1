// Routes: the login page, every page of the registry (inside the shell and its role guard), and a 404 page.
import { lazy, Suspense, type ComponentType, type LazyExoticComponent, type ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { AuthProvider } from "./auth/AuthContext";
import LoginPage from "./pages/login/LoginPage";
import NotFoundPage from "./pages/notfound/NotFoundPage";
import { PAGES, routePath, type PageDef } from "./pages/registry";
import { RoleGuard } from "./pages/RoleGuard";
import { Layout } from "./shell/Layout";
import { FilterProvider } from "./state/filters";

function Loading() {
  const { t } = useTranslation("common");
  return <p role="status">{t("loading")}</p>;
}

function LogScope({ children }: { children: ReactNode }) {
  const { workspaceId, log } = useParams();
  return <FilterProvider scope={`${workspaceId}/${log}`}>{children}</FilterProvider>;
}

// one lazy component per page, made once: a lazy() made during render would suspend for ever in a transition
const COMPONENTS = new Map<string, LazyExoticComponent<ComponentType>>(PAGES.map((p) => [p.id, lazy(p.load)]));

function PageRoute({ page }: { page: PageDef }) {
  const Component = COMPONENTS.get(page.id)!;
  const body = (
    <RoleGuard roles={page.roles}>
      <Suspense fallback={<Loading />}>
        <Component />
      </Suspense>
    </RoleGuard>
  );
  return <Layout page={page}>{page.scope === "log" ? <LogScope>{body}</LogScope> : body}</Layout>;
}

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/" element={<Navigate to="/workspaces" replace />} />
          <Route path="/w/:workspaceId" element={<WorkspaceIndex />} />
          {PAGES.map((p) => (
            <Route key={p.id} path={routePath(p)} element={<PageRoute page={p} />} />
          ))}
          <Route
            path="*"
            element={
              <Layout>
                <NotFoundPage />
              </Layout>
            }
          />
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}

function WorkspaceIndex() {
  const { workspaceId } = useParams();
  return <Navigate to={`/w/${workspaceId}/logs`} replace />;
}
