// Dashboard: provisions and people per recipient per month (JST), provisions refused to
// partners by reason and article (the stored refusal log), statistics refusals by reason,
// privacy budget spent, and disclosure requests due this week, as charts.
import { BAD } from "../ui/colors";
import { BarChart } from "@mantine/charts";
import { Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { DashboardQuery } from "../api/operations";
import { formatDate, formatDateTime, label } from "../i18n";
import { QueryState } from "../ui/QueryState";

const COLORS = [
  "indigo.7",
  "teal.8",
  "orange.8",
  "grape.7",
  "cyan.8",
  "red.8",
  "lime.9",
  "pink.7",
  "yellow.9",
  "blue.9",
  "gray.7",
];
const DAY = 24 * 3600 * 1000;

/** The first instant of the JST month `back` months before now's, as ISO. */
function jstMonthStart(now: Date, back: number): string {
  const jst = new Date(now.getTime() + 9 * 3600 * 1000);
  const start = Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - back, 1) - 9 * 3600 * 1000;
  return new Date(start).toISOString();
}

export function DashboardScreen() {
  const { t } = useTranslation();
  const [now] = useState(() => new Date());
  const variables = useMemo(() => ({ from: jstMonthStart(now, 5), to: jstMonthStart(now, -1) }), [now]);
  const [{ data, error, fetching }] = useQuery({ query: DashboardQuery, variables });

  const charts = useMemo(() => {
    if (!data) return null;
    const months = Array.from({ length: 6 }, (_, i) => jstMonthStart(now, 5 - i)).map((iso) =>
      new Date(new Date(iso).getTime() + 9 * 3600 * 1000).toISOString().slice(0, 7),
    );
    const recipientIds = [...new Set(data.provisionMonthly.map((m) => m.recipientId))].sort();
    const name = (id: string) => data.recipients.find((r) => r.id === id)?.name ?? id;
    const series = recipientIds.map((id, i) => ({
      name: id,
      label: name(id),
      color: COLORS[i % COLORS.length] ?? "gray.7",
    }));
    const byMonth = (measure: "provisions" | "people") =>
      months.map((month) => ({
        month,
        ...Object.fromEntries(
          recipientIds.map((id) => [
            id,
            data.provisionMonthly.find((m) => m.month === month && m.recipientId === id)?.[measure] ?? 0,
          ]),
        ),
      }));
    // One bar per reason and article, stacked by recipient.
    const refusalReasons = [
      ...new Set(data.provisionRefusalSummary.map((c) => `${c.reason}\u0000${c.rule}`)),
    ].sort();
    const refusedRecipients = [...new Set(data.provisionRefusalSummary.map((c) => c.recipientId))].sort();
    const provisionRefusals = refusalReasons.map((key) => {
      const [reason = "", rule = ""] = key.split("\u0000");
      return {
        reason: t("dashboard.reasonWithRule", { reason: label("denial", reason), rule }),
        ...Object.fromEntries(
          refusedRecipients.map((id) => [
            id,
            data.provisionRefusalSummary
              .filter((c) => c.reason === reason && c.rule === rule && c.recipientId === id)
              .reduce((n, c) => n + c.refusals, 0),
          ]),
        ),
      };
    });
    const refusalSeries = refusedRecipients.map((id) => ({
      name: id,
      label: name(id),
      color:
        series.find((s) => s.name === id)?.color ??
        COLORS[refusedRecipients.indexOf(id) % COLORS.length] ??
        "gray.7",
    }));
    const refusals = new Map<string, number>();
    for (const q of data.statisticsQueryLog)
      if (q.outcome === "REFUSED") refusals.set(q.refusal ?? "?", (refusals.get(q.refusal ?? "?") ?? 0) + 1);
    const spent = new Map<string, number>();
    for (const q of data.statisticsQueryLog)
      if (q.epsilonSpent) spent.set(q.apiKeyId, (spent.get(q.apiKeyId) ?? 0) + q.epsilonSpent);
    const open = data.disclosureRequests.filter((r) => r.status !== "DELIVERED" && r.status !== "REFUSED");
    const dueSoon = open.filter((r) => new Date(r.dueBy).getTime() < now.getTime() + 7 * DAY);
    const days = Array.from({ length: 7 }, (_, i) => new Date(now.getTime() + i * DAY).toISOString());
    const dueByDay = days.map((d) => ({
      day: formatDate(d),
      [t("dashboard.count")]: dueSoon.filter((r) => !r.overdue && formatDate(r.dueBy) === formatDate(d))
        .length,
    }));
    return {
      series,
      provisions: byMonth("provisions"),
      provisionRefusals,
      refusalSeries,
      recentRefusals: data.provisionRefusals.map((r) => ({ ...r, recipient: name(r.recipientId) })),
      people: byMonth("people"),
      refusals: [...refusals.entries()].map(([reason, count]) => ({
        reason: label("statisticsRefusal", reason),
        [t("dashboard.count")]: count,
      })),
      spent: [...spent.entries()].map(([key, eps]) => ({
        key,
        [t("dashboard.spent")]: Math.round(eps * 100) / 100,
      })),
      dueSoon,
      dueByDay,
      overdue: open.filter((r) => r.overdue).length,
    };
  }, [data, now, t]);

  return (
    <Stack>
      <Title order={2}>{t("dashboard.title")}</Title>
      <QueryState fetching={fetching} error={error} />
      {charts && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <ChartCard title={t("dashboard.provisions")} subtitle={t("dashboard.months")}>
            <MonthlyBars data={charts.provisions} series={charts.series} />
          </ChartCard>
          <ChartCard title={t("dashboard.people")} subtitle={t("dashboard.months")}>
            <MonthlyBars data={charts.people} series={charts.series} />
          </ChartCard>
          <ChartCard title={t("dashboard.provisionRefusals")} subtitle={t("dashboard.provisionRefusalsHint")}>
            {charts.provisionRefusals.length === 0 ? (
              <Text>{t("dashboard.noData")}</Text>
            ) : (
              <BarChart
                h={Math.max(160, 56 * charts.provisionRefusals.length + 60)}
                data={charts.provisionRefusals}
                dataKey="reason"
                type="stacked"
                orientation="vertical"
                yAxisProps={{ width: 300 }}
                xAxisProps={{ allowDecimals: false }}
                series={charts.refusalSeries}
                withLegend
                legendProps={{ verticalAlign: "bottom" }}
              />
            )}
          </ChartCard>
          <ChartCard title={t("dashboard.recentRefusals")}>
            {charts.recentRefusals.length === 0 ? (
              <Text>{t("dashboard.noData")}</Text>
            ) : (
              <Table.ScrollContainer minWidth={520}>
                <Table fz="sm" aria-label={t("dashboard.recentRefusals")}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("dashboard.refusedAt")}</Table.Th>
                      <Table.Th>{t("dashboard.recipient")}</Table.Th>
                      <Table.Th>{t("dashboard.field")}</Table.Th>
                      <Table.Th>{t("dashboard.reason")}</Table.Th>
                      <Table.Th>{t("dashboard.article")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {charts.recentRefusals.map((r) => (
                      <Table.Tr key={r.id} data-reason={r.reason}>
                        <Table.Td>{formatDateTime(r.at)}</Table.Td>
                        <Table.Td>{r.recipient}</Table.Td>
                        <Table.Td>{r.field ?? r.dataItem ?? r.purposeCode ?? "—"}</Table.Td>
                        <Table.Td>{label("denial", r.reason)}</Table.Td>
                        <Table.Td>{r.rule}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </ChartCard>
          <ChartCard title={t("dashboard.refusals")}>
            {charts.refusals.length === 0 ? (
              <Text>{t("dashboard.noData")}</Text>
            ) : (
              <BarChart
                h={240}
                data={charts.refusals}
                dataKey="reason"
                orientation="vertical"
                yAxisProps={{ width: 200 }}
                xAxisProps={{ allowDecimals: false }}
                series={[{ name: t("dashboard.count"), color: "red.8" }]}
              />
            )}
          </ChartCard>
          <ChartCard title={t("dashboard.budget")}>
            {charts.spent.length === 0 ? (
              <Text>{t("dashboard.noData")}</Text>
            ) : (
              <BarChart
                h={240}
                data={charts.spent}
                dataKey="key"
                series={[{ name: t("dashboard.spent"), color: "grape.8" }]}
              />
            )}
          </ChartCard>
          <ChartCard title={t("dashboard.dueThisWeek")}>
            <Group mb="xs">
              {charts.overdue > 0 && (
                <Badge color={BAD}>{t("dashboard.overdueCount", { count: charts.overdue })}</Badge>
              )}
            </Group>
            <BarChart
              h={200}
              data={charts.dueByDay}
              dataKey="day"
              yAxisProps={{ allowDecimals: false }}
              series={[{ name: t("dashboard.count"), color: "indigo.8" }]}
            />
            <List size="sm" mt="xs" aria-label={t("dashboard.dueThisWeek")}>
              {charts.dueSoon.map((r) => (
                <List.Item key={r.id}>
                  {r.personId} — {formatDateTime(r.dueBy)} — {label("status", r.status)}
                  {r.overdue && (
                    <>
                      {" "}
                      <Badge color={BAD}>{t("disclosure.overdue")}</Badge>
                    </>
                  )}
                </List.Item>
              ))}
            </List>
          </ChartCard>
        </SimpleGrid>
      )}
    </Stack>
  );
}

function ChartCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: string;
  children: React.ReactNode;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={3} size="h4">
        {title}
      </Title>
      {subtitle && (
        <Text size="sm" c="gray.8" mb="xs">
          {subtitle}
        </Text>
      )}
      {children}
    </Paper>
  );
}

/** Per-month counts stacked by recipient, with the recipients' legend. */
function MonthlyBars({
  data,
  series,
}: {
  data: Record<string, string | number>[];
  series: { name: string; color: string; label?: string }[];
}) {
  return (
    <BarChart
      h={280}
      data={data}
      dataKey="month"
      type="stacked"
      yAxisProps={{ allowDecimals: false }}
      series={series}
      withLegend
      legendProps={{ verticalAlign: "bottom" }}
    />
  );
}
