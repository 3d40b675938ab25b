// Register (提供先台帳): recipients with basis, contract, country and route, scopes per purpose,
// notices, foreign statements and conforming-system checks; purposes and data items.
import { BAD } from "../ui/colors";
import { Badge, Card, List, Paper, SimpleGrid, Stack, Table, Tabs, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { RegisterQuery } from "../api/operations";
import type { RegisterQuery as Register } from "../gql/graphql";
import { formatDate, label } from "../i18n";
import { QueryState } from "../ui/QueryState";

type Recipient = Register["recipients"][number];
type Json = Record<string, unknown>;

export function RegisterScreen() {
  const { t, i18n } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: RegisterQuery });
  return (
    <Stack>
      <Title order={2}>{t("register.title")}</Title>
      <QueryState fetching={fetching} error={error} />
      {data && (
        <Tabs defaultValue="recipients">
          <Tabs.List>
            <Tabs.Tab value="recipients">{t("register.recipients")}</Tabs.Tab>
            <Tabs.Tab value="purposes">{t("register.purposes")}</Tabs.Tab>
            <Tabs.Tab value="items">{t("register.items")}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="recipients" pt="md">
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              {data.recipients.map((r) => (
                <RecipientCard
                  key={r.id}
                  recipient={r}
                  purposeName={(c) => {
                    const p = data.purposes.find((x) => x.code === c);
                    return (p && (i18n.language === "en" ? p.description : p.descriptionJa)) ?? c;
                  }}
                />
              ))}
            </SimpleGrid>
          </Tabs.Panel>
          <Tabs.Panel value="purposes" pt="md">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("register.code")}</Table.Th>
                  <Table.Th>{t("register.description")}</Table.Th>
                  <Table.Th>{t("register.items")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.purposes.map((p) => (
                  <Table.Tr key={p.code}>
                    <Table.Td>{p.code}</Table.Td>
                    <Table.Td>{i18n.language === "en" ? p.description : p.descriptionJa}</Table.Td>
                    <Table.Td>{p.items.join(", ")}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Tabs.Panel>
          <Tabs.Panel value="items" pt="md">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("register.code")}</Table.Th>
                  <Table.Th>{t("register.label")}</Table.Th>
                  <Table.Th>{t("register.class")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.dataItems.map((d) => (
                  <Table.Tr key={d.code}>
                    <Table.Td>{d.code}</Table.Td>
                    <Table.Td>{i18n.language === "en" ? d.label : d.labelJa}</Table.Td>
                    <Table.Td>{label("itemClass", d.class)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}

function RecipientCard({
  recipient: r,
  purposeName,
}: {
  recipient: Recipient;
  purposeName: (code: string) => string;
}) {
  const { t } = useTranslation();
  const optOut = r.optOutNotice as Json | null;
  const joint = r.jointUseNotice as Json | null;
  const statements = r.foreignStatements as Json[];
  const now = Date.now();
  return (
    <Card withBorder component="article" aria-label={r.name} data-recipient={r.id}>
      <Title order={3} size="h4">
        {r.name}
      </Title>
      <Text size="sm">
        <strong>{t("register.basis")}:</strong> {label("basis", r.legalBasis)}
      </Text>
      <Text size="sm">
        <strong>{t("register.contract")}:</strong> {r.contractRef}
      </Text>
      <Text size="sm">
        <strong>{t("register.country")}:</strong> {r.country}
        {r.foreignRoute && (
          <>
            {" "}
            · <strong>{t("register.route")}:</strong> {label("route", r.foreignRoute)}
          </>
        )}
      </Text>
      <Text size="sm">
        <strong>{t("register.active")}:</strong> {formatDate(r.activeFrom)} – {formatDate(r.activeUntil)}
      </Text>
      {r.scopes.length > 0 && (
        <>
          <Text size="sm" fw={700} mt="xs">
            {t("register.scopes")}
          </Text>
          <List size="sm">
            {r.scopes.map((s) => (
              <List.Item key={s.purpose}>
                {purposeName(s.purpose)}: {s.items.join(", ")}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {r.legalBasis === "OPT_OUT" && (
        <Text size="sm" mt="xs">
          <strong>{t("register.optOutNotice")}:</strong>{" "}
          {optOut ? (
            `${t("register.ppcFiledAt")} ${formatDate(optOut.ppcFiledAt as string)} · ${t("register.startsAt")} ${formatDate(optOut.startsAt as string)}`
          ) : (
            <Badge color={BAD}>{t("register.notRegistered")}</Badge>
          )}
        </Text>
      )}
      {r.legalBasis === "JOINT_USE" && (
        <Text size="sm" mt="xs">
          <strong>{t("register.jointUseNotice")}:</strong>{" "}
          {joint ? (
            `${t("register.announcedAt")} ${formatDate(joint.announcedAt as string)} · ${t("register.jointUsers")}: ${String(joint.jointUsers)} · ${t("register.responsible")}: ${String(joint.responsibleName)}`
          ) : (
            <Badge color={BAD}>{t("register.notRegistered")}</Badge>
          )}
        </Text>
      )}
      {statements.length > 0 && (
        <Paper mt="xs" p="xs" withBorder>
          <Text size="sm" fw={700}>
            {t("register.foreignStatements")}
          </Text>
          {statements.map((s) => (
            <Text size="sm" key={String(s.id)}>
              {t("register.version")} {String(s.version)} ({formatDate(s.publishedAt as string)}):{" "}
              {t("register.protectionSystem")} — {String(s.protectionSystem)}
            </Text>
          ))}
        </Paper>
      )}
      {r.conformingSystemChecks.length > 0 && (
        <Paper mt="xs" p="xs" withBorder>
          <Text size="sm" fw={700}>
            {t("register.checks")}
          </Text>
          {r.conformingSystemChecks.map((c) => (
            <Text size="sm" key={c.id}>
              {formatDate(c.checkedAt)} ({c.basis}) · {t("register.assured")}:{" "}
              {c.measuresAssured ? t("app.yes") : t("app.no")} · {t("register.nextDue")}:{" "}
              {formatDate(c.nextCheckDue)}{" "}
              {new Date(c.nextCheckDue).getTime() < now && <Badge color={BAD}>{t("register.overdue")}</Badge>}
            </Text>
          ))}
        </Paper>
      )}
    </Card>
  );
}
