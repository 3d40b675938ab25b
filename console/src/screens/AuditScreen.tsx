// Access log (閲覧ログ): who read, exported or compiled provision records, when, with what filter.
import { Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { AccessLogQuery } from "../api/operations";
import { formatDateTime, label } from "../i18n";
import { QueryState } from "../ui/QueryState";

export function AuditScreen() {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: AccessLogQuery });
  const entries = data?.recordAccessLog ?? [];
  return (
    <Stack>
      <Title order={2}>{t("audit.title")}</Title>
      <Text>{t("audit.intro")}</Text>
      <QueryState fetching={fetching} error={error} />
      {data && entries.length === 0 && <Text>{t("audit.empty")}</Text>}
      {entries.length > 0 && (
        <Table striped aria-label={t("audit.title")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("audit.at")}</Table.Th>
              <Table.Th>{t("audit.who")}</Table.Th>
              <Table.Th>{t("audit.action")}</Table.Th>
              <Table.Th>{t("audit.filter")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>{e.actor}</Table.Td>
                <Table.Td>{label("accessAction", e.action)}</Table.Td>
                <Table.Td>
                  {Object.entries((e.filter ?? {}) as Record<string, unknown>)
                    .map(([k, v]) => `${k}=${String(v)}`)
                    .join(" ") || "—"}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
