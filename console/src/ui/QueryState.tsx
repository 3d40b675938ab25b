// Loading and error states shared by every screen.
import { Alert, Loader } from "@mantine/core";
import type { CombinedError } from "urql";
import { useTranslation } from "react-i18next";

export function QueryState({ fetching, error }: { fetching: boolean; error?: CombinedError | Error | null }) {
  const { t } = useTranslation();
  if (error) {
    const message =
      "graphQLErrors" in error
        ? (error.graphQLErrors[0]?.message ?? error.message)
        : (error as Error).message;
    return (
      <Alert color="red" role="alert" title={t("app.error", { message })}>
        {null}
      </Alert>
    );
  }
  if (fetching) return <Loader aria-label={t("app.loading")} size="sm" />;
  return null;
}
