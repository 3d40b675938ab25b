// The shell: sign-in until a staff key is given, then the navigation and one screen at a time.
import { AppShell, Burger, Group, NavLink, SegmentedControl, Text, Title, Button } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { useDisclosure } from "@mantine/hooks";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Session, SessionProvider } from "./api/session";
import { AuditScreen } from "./screens/AuditScreen";
import { DashboardScreen } from "./screens/DashboardScreen";
import { DisclosureScreen } from "./screens/DisclosureScreen";
import { PersonScreen } from "./screens/PersonScreen";
import { RecordsScreen } from "./screens/RecordsScreen";
import { RegisterScreen } from "./screens/RegisterScreen";
import { SignIn } from "./screens/SignIn";

const SCREENS = ["person", "records", "disclosure", "register", "dashboard", "audit"] as const;
type Screen = (typeof SCREENS)[number];

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t("app.language")}
      size="xs"
      value={i18n.language}
      onChange={(lng) => {
        void i18n.changeLanguage(lng);
        document.documentElement.lang = lng;
      }}
      data={[
        { value: "ja", label: "日本語" },
        { value: "en", label: "English" },
      ]}
    />
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<Session | null>(null);
  const [screen, setScreen] = useState<Screen>("person");
  const [personId, setPersonId] = useState<string>("");
  const [opened, { toggle }] = useDisclosure();
  const signOut = useCallback(() => {
    setSession(null);
    setScreen("person");
  }, []);

  if (!session) {
    return (
      <>
        <Group justify="flex-end" p="md">
          <LanguageSwitch />
        </Group>
        <SignIn onSignedIn={setSession} />
      </>
    );
  }

  return (
    <SessionProvider session={session} signOut={signOut}>
      <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 0 }}>
        <AppShell
          header={{ height: 60 }}
          navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
          padding="md"
        >
          <AppShell.Header>
            <Group h="100%" px="md" justify="space-between" wrap="nowrap">
              <Group wrap="nowrap">
                <Burger
                  opened={opened}
                  onClick={toggle}
                  hiddenFrom="sm"
                  size="sm"
                  aria-label={t("app.nav")}
                />
                <Title order={1} size="h4">
                  {t("app.title")}
                </Title>
              </Group>
              <Group wrap="nowrap">
                <Text size="sm" c="gray.8" visibleFrom="md">
                  {t("app.signedInAs", { label: session.label, role: t(`role.${session.role}`) })}
                </Text>
                <LanguageSwitch />
                <Button variant="outline" size="xs" onClick={signOut}>
                  {t("app.signOut")}
                </Button>
              </Group>
            </Group>
          </AppShell.Header>
          <AppShell.Navbar p="xs" component="nav" aria-label={t("app.nav")}>
            {SCREENS.map((s) => (
              <NavLink
                key={s}
                component="button"
                label={t(`nav.${s}`)}
                variant="filled"
                active={screen === s}
                aria-current={screen === s ? "page" : undefined}
                onClick={() => setScreen(s)}
              />
            ))}
          </AppShell.Navbar>
          <AppShell.Main>
            {screen === "person" && <PersonScreen initialId={personId} onLookUp={setPersonId} />}
            {screen === "records" && <RecordsScreen />}
            {screen === "disclosure" && <DisclosureScreen />}
            {screen === "register" && <RegisterScreen />}
            {screen === "dashboard" && <DashboardScreen />}
            {screen === "audit" && <AuditScreen />}
          </AppShell.Main>
        </AppShell>
      </DatesProvider>
    </SessionProvider>
  );
}
