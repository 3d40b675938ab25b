// Sign-in: the key is checked through the public API (viewer); only compliance and admin pass.
import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { apiClient, type Session } from "../api/session";
import { ViewerQuery } from "../api/operations";

const STAFF = new Set(["COMPLIANCE", "ADMIN"]);

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const { t } = useTranslation();
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const trimmed = key.trim();
    const result = await apiClient(trimmed).query(ViewerQuery, {}).toPromise();
    setBusy(false);
    const viewer = result.data?.viewer;
    if (!viewer) {
      const message = result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? "unknown";
      // An analytics key may not even ask who it is: that is a refusal too.
      const code = result.error?.graphQLErrors[0]?.extensions?.code;
      setError(
        code === "FORBIDDEN" ? t("signIn.refused", { role: "ANALYTICS" }) : t("signIn.invalid", { message }),
      );
      return;
    }
    if (!STAFF.has(viewer.role)) {
      setError(t("signIn.refused", { role: t(`role.${viewer.role}`) }));
      return;
    }
    setKey("");
    onSignedIn({ key: trimmed, label: viewer.label, role: viewer.role });
  }

  return (
    <Container size={520} mt="xl">
      <Title order={1} size="h2" mb="md">
        {t("app.title")}
      </Title>
      <Paper withBorder p="lg" component="main">
        <form onSubmit={submit}>
          <Stack>
            <Title order={2} size="h3">
              {t("signIn.title")}
            </Title>
            <Text size="sm">{t("signIn.intro")}</Text>
            <PasswordInput
              label={t("signIn.key")}
              value={key}
              onChange={(e) => setKey(e.currentTarget.value)}
              autoComplete="off"
              required
            />
            {error && (
              <Alert color="red" role="alert" title={error}>
                {null}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              {t("signIn.submit")}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
