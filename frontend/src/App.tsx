import { lazy, Suspense } from 'react'
import { Navigate, Route, Routes } from 'react-router'
import { AccessibilityStatementPage } from './accessibility/AccessibilityStatementPage'
import { useAuth } from './auth/AuthContext'
import { AdminHome, AdminLayout } from './admin/AdminLayout'
import { ADMIN_SECTIONS } from './admin/adminSections'
import { Layout } from './components/Layout'
import { RequireAuth, RequireScope } from './components/guards'
import { Loading } from './components/Status'
import { AgendaPage } from './pages/AgendaPage'
import { AuditPage } from './pages/AuditPage'
import { BillsPage } from './pages/BillsPage'
import { FollowUpBoardPage } from './pages/FollowUpBoardPage'
import { HomePage } from './pages/HomePage'
import { HouseholdCreatePage, HouseholdEditPage } from './pages/HouseholdFormPage'
import { HouseholdListPage } from './pages/HouseholdListPage'
import { HouseholdPage } from './pages/HouseholdPage'
import { LoginPage } from './pages/LoginPage'
import { PasswordLinkPage } from './pages/PasswordLinkPage'
import { MyReferralPage } from './pages/MyReferralPage'
import { NotificationsPage } from './notifications/NotificationsPage'
import { NotFoundPage } from './pages/OtherPages'
import { NationalPage } from './pages/NationalPage'
import { PlatformProgrammesPage } from './pages/PlatformProgrammesPage'
import { ReferralInboxPage } from './pages/ReferralInboxPage'
import { ReferralNewPage } from './pages/ReferralNewPage'
import { ReferralPage } from './pages/ReferralPage'
import { ReportPage } from './pages/ReportPage'
import { SynthesesPage } from './pages/SynthesesPage'
import { ValidationQueuePage } from './pages/ValidationQueuePage'
import { SocialDiagnosticPage } from './pages/SocialDiagnosticPage'
import { TechnicalDiagnosticPage } from './pages/TechnicalDiagnosticPage'
import { VisitBookingPage } from './pages/VisitBookingPage'
import { VisitPage } from './pages/VisitPage'
import { WorksPage } from './pages/WorksPage'
import { SearchPage } from './search/SearchPage'
import { SyncPage } from './offline/SyncPage'

// The dashboard (and its chart library) is loaded only when opened.
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })))

function Home() {
  const { hasScope } = useAuth()
  if (hasScope('referrals:submit', 'referrals:read', 'agenda:read')) return <HomePage />
  if (hasScope('households:read')) return <Navigate to="/menages" replace />
  if (hasScope('audit:read')) return <Navigate to="/journal" replace />
  if (hasScope('admin')) return <Navigate to="/administration" replace />
  // The platform's accounts work for no programme: their home is the programmes, or the national figures.
  if (hasScope('platform:admin')) return <Navigate to="/plateforme/programmes" replace />
  if (hasScope('network:read')) return <Navigate to="/reseau" replace />
  return <NotFoundPage />
}

export function App() {
  return (
    <Routes>
      <Route path="/connexion" element={<LoginPage />} />
      {/* The accessibility statement is public (RGAA): reachable from the login page and every footer. */}
      <Route path="/accessibilite" element={<AccessibilityStatementPage />} />
      {/* Reached from an invitation or reset e-mail, without being logged in. */}
      <Route path="/mot-de-passe" element={<PasswordLinkPage />} />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<Home />} />
        <Route
          path="menages"
          element={
            <RequireScope anyOf={['households:read']}>
              <HouseholdListPage />
            </RequireScope>
          }
        />
        <Route
          path="menages/nouveau"
          element={
            <RequireScope anyOf={['households:write']}>
              <HouseholdCreatePage />
            </RequireScope>
          }
        />
        <Route path="menages/:householdId" element={<HouseholdPage />} />
        <Route
          path="menages/:householdId/modifier"
          element={
            <RequireScope anyOf={['households:write']}>
              <HouseholdEditPage />
            </RequireScope>
          }
        />
        <Route
          path="menages/:householdId/factures"
          element={
            <RequireScope anyOf={['households:read']}>
              <BillsPage />
            </RequireScope>
          }
        />
        <Route
          path="menages/:householdId/diagnostic-social"
          element={
            <RequireScope anyOf={['social:read']}>
              <SocialDiagnosticPage />
            </RequireScope>
          }
        />
        <Route
          path="menages/:householdId/travaux"
          element={
            <RequireScope anyOf={['households:read']}>
              <WorksPage />
            </RequireScope>
          }
        />
        <Route
          path="demandes"
          element={
            <RequireScope anyOf={['referrals:read']}>
              <ReferralInboxPage />
            </RequireScope>
          }
        />
        <Route
          path="demandes/nouvelle"
          element={
            <RequireScope anyOf={['referrals:submit', 'referrals:write']}>
              <ReferralNewPage />
            </RequireScope>
          }
        />
        <Route path="demandes/saisie" element={<Navigate to="/demandes/nouvelle" replace />} />
        <Route
          path="mes-demandes/:referralId"
          element={
            <RequireScope anyOf={['referrals:submit']}>
              <MyReferralPage />
            </RequireScope>
          }
        />
        <Route
          path="demandes/:referralId"
          element={
            <RequireScope anyOf={['referrals:read']}>
              <ReferralPage />
            </RequireScope>
          }
        />
        <Route
          path="visites/nouvelle"
          element={
            <RequireScope anyOf={['agenda:write']}>
              <VisitBookingPage />
            </RequireScope>
          }
        />
        <Route
          path="visites/:visitId"
          element={
            <RequireScope anyOf={['agenda:read']}>
              <VisitPage />
            </RequireScope>
          }
        />
        <Route
          path="visites/:visitId/diagnostic-technique"
          element={
            <RequireScope anyOf={['agenda:read']}>
              <TechnicalDiagnosticPage />
            </RequireScope>
          }
        />
        <Route
          path="visites/:visitId/syntheses"
          element={
            <RequireScope anyOf={['reports:read']}>
              <SynthesesPage />
            </RequireScope>
          }
        />
        <Route
          path="comptes-rendus/:reportId"
          element={
            <RequireScope anyOf={['reports:read']}>
              <ReportPage />
            </RequireScope>
          }
        />
        <Route
          path="suivi"
          element={
            <RequireScope anyOf={['households:read']}>
              <FollowUpBoardPage />
            </RequireScope>
          }
        />
        <Route
          path="bilan"
          element={
            <RequireScope anyOf={['reporting:read']}>
              <Suspense fallback={<Loading />}>
                <DashboardPage />
              </Suspense>
            </RequireScope>
          }
        />
        <Route
          path="validation"
          element={
            <RequireScope anyOf={['reports:validate']}>
              <ValidationQueuePage />
            </RequireScope>
          }
        />
        <Route
          path="agenda"
          element={
            <RequireScope anyOf={['agenda:read']}>
              <AgendaPage />
            </RequireScope>
          }
        />
        <Route
          path="journal"
          element={
            <RequireScope anyOf={['audit:read']}>
              <AuditPage />
            </RequireScope>
          }
        />
        <Route
          path="administration"
          element={
            <RequireScope anyOf={['admin']}>
              <AdminLayout />
            </RequireScope>
          }
        >
          <Route index element={<AdminHome />} />
          {ADMIN_SECTIONS.map(({ to, component: Screen }) => (
            <Route key={to} path={to} element={<Screen />} />
          ))}
        </Route>
        <Route
          path="reseau"
          element={
            <RequireScope anyOf={['network:read']}>
              <NationalPage />
            </RequireScope>
          }
        />
        <Route
          path="plateforme/programmes"
          element={
            <RequireScope anyOf={['platform:admin']}>
              <PlatformProgrammesPage />
            </RequireScope>
          }
        />
        <Route
          path="recherche"
          element={
            <RequireScope anyOf={['households:read', 'referrals:read', 'referrals:submit']}>
              <SearchPage />
            </RequireScope>
          }
        />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="synchronisation" element={<SyncPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
