// Provision records (第三者提供記録): filters, CSV/JSON export, a record's detail with its hash and
// chain position, and the tamper check.
import { BAD, OK, WARN } from "../ui/colors";
import {
  Alert,
  Badge,
  Button,
  Code,
  Drawer,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import { useCatalog } from "../api/catalog";
import { RecordsQuery, VerifyQuery } from "../api/operations";
import { downloadExport, useSession } from "../api/session";
import type { RecordsQuery as RecordsResult, VerifyRecordsQuery as VerifyResult } from "../gql/graphql";
import { formatDateTime, jstDayStart, label } from "../i18n";
import { QueryState } from "../ui/QueryState";

type RecordNode = RecordsResult["provisionRecords"]["nodes"][number];

const GROUNDS = ["ENTRUSTMENT", "JOINT_USE", "SUCCESSION", "CONSENT", "FOREIGN_CONSENT", "OPT_OUT"];

interface Filters {
  person: string;
  recipient: string;
  purpose: string;
  ground: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { person: "", recipient: "", purpose: "", ground: "", from: "", to: "" };

/** The "to" day is inclusive on screen, exclusive in the API: the next JST midnight. */
function nextDay(day: string) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function RecordsScreen() {
  const { t } = useTranslation();
  const { session } = useSession();
  const catalog = useCatalog();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [after, setAfter] = useState<string | null>(null);
  const [shown, setShown] = useState<RecordNode[]>([]);
  const [selected, setSelected] = useState<RecordNode | null>(null);
  const [exportError, setExportError] = useState<Error | null>(null);

  const filter = {
    personId: applied.person || null,
    recipientId: applied.recipient || null,
    purpose: applied.purpose || null,
    ground: applied.ground || null,
    from: applied.from ? jstDayStart(applied.from) : null,
    to: applied.to ? jstDayStart(nextDay(applied.to)) : null,
  };
  const [{ data, error, fetching }] = useQuery({ query: RecordsQuery, variables: { filter, after } });
  const page = data?.provisionRecords;
  // While a new filter or page loads, the previous answer is not shown as if it were the new one.
  const current = fetching ? [] : (page?.nodes ?? []);
  const nodes = after ? [...shown, ...current] : current;

  const exportParams = {
    person: applied.person,
    recipient: applied.recipient,
    purpose: applied.purpose,
    ground: applied.ground,
    from: filter.from ?? "",
    to: filter.to ?? "",
  };
  const set = (k: keyof Filters) => (v: string | null) => setDraft((d) => ({ ...d, [k]: v ?? "" }));

  return (
    <Stack>
      <Title order={2}>{t("records.title")}</Title>
      <Paper
        withBorder
        p="md"
        component="form"
        aria-label={t("records.filters")}
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault();
          setShown([]);
          setAfter(null);
          setApplied(draft);
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t("records.person")}
            value={draft.person}
            onChange={(e) => set("person")(e.currentTarget.value.trim().toUpperCase())}
          />
          <Select
            label={t("records.recipient")}
            placeholder={t("records.any")}
            clearable
            value={draft.recipient || null}
            onChange={set("recipient")}
            data={catalog.recipients.map((r) => ({ value: r.id, label: r.name }))}
          />
          <Select
            label={t("records.purpose")}
            placeholder={t("records.any")}
            clearable
            value={draft.purpose || null}
            onChange={set("purpose")}
            data={catalog.purposes.map((p) => ({ value: p.code, label: catalog.purposeName(p.code) }))}
          />
          <Select
            label={t("records.ground")}
            placeholder={t("records.any")}
            clearable
            value={draft.ground || null}
            onChange={set("ground")}
            data={GROUNDS.map((g) => ({ value: g, label: label("ground", g) }))}
          />
          <DatePickerInput
            label={t("records.from")}
            placeholder={t("records.any")}
            valueFormat="YYYY/MM/DD"
            clearable
            value={draft.from || null}
            onChange={set("from")}
          />
          <DatePickerInput
            label={t("records.to")}
            placeholder={t("records.any")}
            valueFormat="YYYY/MM/DD"
            clearable
            value={draft.to || null}
            onChange={set("to")}
          />
        </SimpleGrid>
        <Group mt="md">
          <Button type="submit">{t("records.apply")}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(EMPTY);
              setShown([]);
              setAfter(null);
              setApplied(EMPTY);
            }}
          >
            {t("records.clear")}
          </Button>
          <Button
            variant="outline"
            onClick={() => downloadExport(session.key, "csv", exportParams).catch(setExportError)}
          >
            {t("records.exportCsv")}
          </Button>
          <Button
            variant="outline"
            onClick={() => downloadExport(session.key, "json", exportParams).catch(setExportError)}
          >
            {t("records.exportJson")}
          </Button>
        </Group>
      </Paper>
      <VerifyPanel />
      <QueryState fetching={fetching} error={error ?? exportError} />
      {data && nodes.length === 0 && <Text>{t("records.empty")}</Text>}
      {nodes.length > 0 && (
        <>
          <Text size="sm" role="status">
            {t("records.count", { count: nodes.length })}
          </Text>
          <Table striped highlightOnHover aria-label={t("records.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("records.seq")}</Table.Th>
                <Table.Th>{t("records.at")}</Table.Th>
                <Table.Th>{t("records.recipient")}</Table.Th>
                <Table.Th>{t("records.purpose")}</Table.Th>
                <Table.Th>{t("records.ground")}</Table.Th>
                <Table.Th>{t("records.people")}</Table.Th>
                <Table.Th>{t("records.legallyRequired")}</Table.Th>
                <Table.Th>{t("records.open")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {nodes.map((n) => (
                <Table.Tr key={n.id} data-recipient={n.recipientId}>
                  <Table.Td>{n.seq}</Table.Td>
                  <Table.Td>{formatDateTime(n.at)}</Table.Td>
                  <Table.Td>{catalog.recipientName(n.recipientId)}</Table.Td>
                  <Table.Td>{catalog.purposeName(n.purpose)}</Table.Td>
                  <Table.Td>{label("ground", n.ground)}</Table.Td>
                  <Table.Td>{n.personCount}</Table.Td>
                  <Table.Td>{n.legallyRequired ? t("records.required") : t("records.supervision")}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => setSelected(n)}
                      aria-label={`${t("records.open")} #${n.seq}`}
                    >
                      {t("records.open")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {page?.hasNextPage && (
            <Button
              variant="default"
              onClick={() => {
                setShown(nodes);
                setAfter(page.endCursor ?? null);
              }}
            >
              {t("records.more")}
            </Button>
          )}
        </>
      )}
      <Drawer
        opened={selected !== null}
        onClose={() => setSelected(null)}
        position="right"
        size="lg"
        title={t("records.detail")}
        closeButtonProps={{ "aria-label": t("records.closeDetail") }}
      >
        {selected && <RecordDetail node={selected} />}
      </Drawer>
    </Stack>
  );
}

function RecordDetail({ node }: { node: RecordNode }) {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const rows: [string, React.ReactNode][] = [
    [t("records.seq"), node.seq],
    [t("records.at"), formatDateTime(node.at)],
    [t("records.recipient"), catalog.recipientName(node.recipientId)],
    [t("records.purpose"), catalog.purposeName(node.purpose)],
    [t("records.ground"), label("ground", node.ground)],
    [t("records.legallyRequired"), node.legallyRequired ? t("records.required") : t("records.supervision")],
    [t("records.country"), node.country],
    [t("records.route"), label("route", node.foreignRoute)],
    [t("records.items"), node.items.join(", ")],
    [t("records.keepUntil"), formatDateTime(node.keepUntil)],
    [
      t("records.hash"),
      <Code key="h" style={{ wordBreak: "break-all" }}>
        {node.hash}
      </Code>,
    ],
    [
      t("records.prevHash"),
      <Code key="p" style={{ wordBreak: "break-all" }}>
        {node.prevHash}
      </Code>,
    ],
    [t("records.requestId"), node.requestId],
    [t("records.apiKeyId"), node.apiKeyId],
    [
      t("records.recipientAtProvision"),
      <Code key="r" block>
        {JSON.stringify(node.recipient, null, 2)}
      </Code>,
    ],
  ];
  return (
    <Stack>
      <Table>
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th scope="row">{k}</Table.Th>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("records.person")}</Table.Th>
            <Table.Th>{t("records.items")}</Table.Th>
            <Table.Th>{t("records.consent")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {node.people.map((p) => (
            <Table.Tr key={p.personId}>
              <Table.Td>{p.personId}</Table.Td>
              <Table.Td>{p.items.join(", ")}</Table.Td>
              <Table.Td>{p.consentId ?? "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function VerifyPanel() {
  const { t } = useTranslation();
  const client = useClient();
  const [since, setSince] = useState<string>("");
  const [result, setResult] = useState<VerifyResult["provisionRecordsVerification"] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const problems = result ? result.problems.length + result.checkpointProblems.length : 0;
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="end">
        <Title order={3}>{t("records.verify")}</Title>
        <Group align="end">
          <Select
            label={t("records.verifyScope")}
            value={since}
            allowDeselect={false}
            onChange={(v) => setSince(v ?? "")}
            data={[
              { value: "", label: t("records.verifyWhole") },
              { value: "25h", label: t("records.verifyRecent") },
            ]}
          />
          <Button
            variant="outline"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              const r = await client.query(VerifyQuery, { since: since || null }).toPromise();
              setBusy(false);
              if (r.error) setError(r.error);
              else setResult(r.data?.provisionRecordsVerification ?? null);
            }}
          >
            {t("records.verifyRun")}
          </Button>
        </Group>
      </Group>
      <QueryState fetching={false} error={error} />
      {result && (
        <Alert
          mt="sm"
          color={result.ok ? (result.noCheckpoints ? WARN : OK) : BAD}
          role="status"
          title={
            result.ok
              ? t(result.checkpoints > 0 ? "records.verifyOk" : "records.verifyOkChainOnly", {
                  events: result.events,
                  checkpoints: result.checkpoints,
                  at: formatDateTime(result.checkedAt),
                })
              : t("records.verifyBad", { count: problems })
          }
        >
          {result.startCheckpoint && (
            <Text size="sm">{t("records.verifyFrom", { start: result.startCheckpoint })}</Text>
          )}
          {result.noCheckpoints && <Text size="sm">{t("records.verifyNoCheckpoints")}</Text>}
          {result.problems.map((p) => (
            <Text key={`${p.seq}${p.problem}`}>
              <Badge color={BAD}>{p.problem}</Badge> #{p.seq} {p.detail}
            </Text>
          ))}
          {result.checkpointProblems.map((p) => (
            <Text key={`${p.chain}-${p.seq}-${p.problem}-${p.checkpoint ?? ""}`}>
              <Badge color={BAD}>{p.problem}</Badge> {p.chain}#{p.seq}{" "}
              {p.checkpoint && t("records.verifyCheckpoint", { checkpoint: p.checkpoint })} {p.detail}
            </Text>
          ))}
        </Alert>
      )}
    </Paper>
  );
}
