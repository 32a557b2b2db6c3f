// Routes of the workstation. Pages load lazily so the first load carries only the shell; the viewer
// (NiiVue) and the plots come with the pages that use them.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense, useEffect } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { Layout } from "../components/Layout";
import { dashboardFilters, dashboardQuery } from "../dashboard/data";
import { SignIn } from "../pages/SignIn";
import { Studies } from "../pages/Studies";
import { SessionProvider, type User, useSession } from "./session";

const page = <K extends string>(load: () => Promise<Record<K, () => ReactNode>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

const Worklist = page(() => import("../pages/Worklist"), "Worklist");
const Subjects = page(() => import("../pages/Subjects"), "Subjects");
const SubjectTimeline = page(() => import("../pages/SubjectTimeline"), "SubjectTimeline");
const SubjectImages = page(() => import("../pages/SubjectImages"), "SubjectImages");
const ReadEntry = page(() => import("../pages/ReadEntry"), "ReadEntry");
const Adjudication = page(() => import("../pages/Adjudication"), "Adjudication");
const loadDashboard = () => import("../pages/Dashboard");
const Dashboard = page(loadDashboard, "Dashboard");
const Imports = page(() => import("../pages/Imports"), "Imports");
const Audit = page(() => import("../pages/Audit"), "Audit");

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

// Opened directly at a dashboard (a bookmark, a reload): fetch the page's module and its plots while the
// session is checked, and its data as soon as the user is known, rather than one after the other.
const DASHBOARD = /^\/studies\/([^/]+)\/dashboard\/?$/;
if (DASHBOARD.test(location.pathname)) {
  void loadDashboard();
  void import("../dashboard/figures");
}

function usePrefetch(user: User | null) {
  useEffect(() => {
    const m = DASHBOARD.exec(location.pathname);
    if (!user || !m || user.role === "reader" || user.role === "adjudicator") return;
    const seesArm = user.role === "admin" || user.role === "study_manager";
    const f = dashboardFilters(new URLSearchParams(location.search), seesArm);
    void queryClient.prefetchQuery(dashboardQuery(decodeURIComponent(m[1]!), f.criteria, f.site, f.arm));
  }, [user]);
}

function Gate() {
  const { user, loading } = useSession();
  usePrefetch(user);
  if (loading) return <p aria-live="polite">Loading…</p>;
  if (!user) return <SignIn />;
  return (
    <Suspense fallback={<p aria-live="polite">Loading…</p>}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Studies />} />
          <Route path="studies/:studyId" element={<Worklist />} />
          <Route path="studies/:studyId/subjects" element={<Subjects />} />
          <Route path="studies/:studyId/subjects/:subjectId" element={<SubjectTimeline />} />
          <Route path="studies/:studyId/subjects/:subjectId/images" element={<SubjectImages />} />
          <Route path="studies/:studyId/reads/:readId" element={<ReadEntry />} />
          <Route path="studies/:studyId/adjudications/:adjudicationId" element={<Adjudication />} />
          <Route path="studies/:studyId/dashboard" element={<Dashboard />} />
          <Route path="studies/:studyId/imports" element={<Imports />} />
          <Route path="audit" element={<Audit />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
    </>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <Gate />
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  );
}
