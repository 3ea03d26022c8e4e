import {
  getTableColumns,
  is,
  Table,
  type InferInsertModel,
  type InferSelectModel,
} from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as pg from "@/db/postgres/schema";
import * as sqlite from "@/db/sqlite/schema";

/**
 * Both engines declare the same tables (docs/operations.md#two-engines): the domain is typed against
 * the PostgreSQL declarations and runs on the SQLite ones too, so any difference in a table, a
 * column, its nullability or its TypeScript type would only show up at run time on one engine.
 * No database needed: this compares the declarations.
 */

type Tables<M> = { [K in keyof M as M[K] extends Table ? K : never]: M[K] };
type Selects<M> = {
  [K in keyof Tables<M>]: Tables<M>[K] extends Table ? InferSelectModel<Tables<M>[K]> : never;
};
type Inserts<M> = {
  [K in keyof Tables<M>]: Tables<M>[K] extends Table ? InferInsertModel<Tables<M>[K]> : never;
};

describe("the SQLite and PostgreSQL schemas", () => {
  it("give every table the same row types (select and insert)", () => {
    // The same exported tables, each with the same $inferSelect and $inferInsert.
    expectTypeOf<keyof Tables<typeof sqlite>>().toEqualTypeOf<keyof Tables<typeof pg>>();
    expectTypeOf<Selects<typeof sqlite>>().toEqualTypeOf<Selects<typeof pg>>();
    expectTypeOf<Inserts<typeof sqlite>>().toEqualTypeOf<Inserts<typeof pg>>();
    // Table by table too, so a failure names the table.
    expectTypeOf(sqlite.users.$inferSelect).toEqualTypeOf(pg.users.$inferSelect);
    expectTypeOf(sqlite.users.$inferInsert).toEqualTypeOf(pg.users.$inferInsert);
    expectTypeOf(sqlite.tickets.$inferSelect).toEqualTypeOf(pg.tickets.$inferSelect);
    expectTypeOf(sqlite.tickets.$inferInsert).toEqualTypeOf(pg.tickets.$inferInsert);
    expectTypeOf(sqlite.ticketReplies.$inferSelect).toEqualTypeOf(pg.ticketReplies.$inferSelect);
    expectTypeOf(sqlite.ticketReplies.$inferInsert).toEqualTypeOf(pg.ticketReplies.$inferInsert);
    expectTypeOf(sqlite.ticketEvents.$inferSelect).toEqualTypeOf(pg.ticketEvents.$inferSelect);
    expectTypeOf(sqlite.ticketEvents.$inferInsert).toEqualTypeOf(pg.ticketEvents.$inferInsert);
    expectTypeOf(sqlite.attachments.$inferSelect).toEqualTypeOf(pg.attachments.$inferSelect);
    expectTypeOf(sqlite.attachments.$inferInsert).toEqualTypeOf(pg.attachments.$inferInsert);
    expectTypeOf(sqlite.savedViews.$inferSelect).toEqualTypeOf(pg.savedViews.$inferSelect);
    expectTypeOf(sqlite.savedViews.$inferInsert).toEqualTypeOf(pg.savedViews.$inferInsert);
    expectTypeOf(sqlite.notifications.$inferSelect).toEqualTypeOf(pg.notifications.$inferSelect);
    expectTypeOf(sqlite.notifications.$inferInsert).toEqualTypeOf(pg.notifications.$inferInsert);
    expectTypeOf(sqlite.userTokens.$inferSelect).toEqualTypeOf(pg.userTokens.$inferSelect);
    expectTypeOf(sqlite.userTokens.$inferInsert).toEqualTypeOf(pg.userTokens.$inferInsert);
    expectTypeOf(sqlite.revokedSessions.$inferSelect).toEqualTypeOf(
      pg.revokedSessions.$inferSelect,
    );
    expectTypeOf(sqlite.revokedSessions.$inferInsert).toEqualTypeOf(
      pg.revokedSessions.$inferInsert,
    );
    expectTypeOf(sqlite.interactions.$inferSelect).toEqualTypeOf(pg.interactions.$inferSelect);
    expectTypeOf(sqlite.interactions.$inferInsert).toEqualTypeOf(pg.interactions.$inferInsert);
    expectTypeOf(sqlite.userEvents.$inferSelect).toEqualTypeOf(pg.userEvents.$inferSelect);
    expectTypeOf(sqlite.userEvents.$inferInsert).toEqualTypeOf(pg.userEvents.$inferInsert);
  });

  const sqliteTables = Object.entries(sqlite).filter(([, v]) => is(v, SQLiteTable)) as [
    string,
    SQLiteTable,
  ][];
  const pgTables = Object.entries(pg).filter(([, v]) => is(v, PgTable)) as [string, PgTable][];

  it("export the same tables under the same names", () => {
    expect(sqliteTables.length).toBeGreaterThan(10);
    expect(sqliteTables.map(([key]) => key).sort()).toEqual(pgTables.map(([key]) => key).sort());
    const names = (tables: [string, Table][], config: (t: never) => { name: string }) =>
      Object.fromEntries(tables.map(([key, t]) => [key, config(t as never).name]));
    expect(names(sqliteTables, sqliteTableConfig)).toEqual(names(pgTables, pgTableConfig));
  });

  /** What both engines must agree on about a column, by JS key. */
  const describeColumns = (columns: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(columns).map(([key, c]) => {
        const column = c as {
          name: string;
          notNull: boolean;
          primary: boolean;
          hasDefault: boolean;
          dataType: string;
          enumValues?: string[];
        };
        return [
          key,
          {
            name: column.name,
            notNull: column.notNull,
            primary: column.primary,
            hasDefault: column.hasDefault,
            dataType: column.dataType,
            enumValues: column.enumValues ?? null,
          },
        ];
      }),
    );

  it.each(sqliteTables.map(([key]) => key))(
    "%s: the same columns (SQL names, JS keys, nullability, defaults, kinds, enums)",
    (key) => {
      const s = sqlite[key as keyof typeof sqlite] as SQLiteTable;
      const p = pg[key as keyof typeof pg] as PgTable;
      // getTableColumns keys the columns by their JS keys; getTableConfig lists them by SQL name.
      expect(describeColumns(getTableColumns(s))).toEqual(describeColumns(getTableColumns(p)));
      const sc = sqliteTableConfig(s);
      const pc = pgTableConfig(p);
      expect(sc.columns.map((c) => c.name).sort()).toEqual(pc.columns.map((c) => c.name).sort());
      expect(sc.columns.length).toBe(Object.keys(getTableColumns(s)).length);
    },
  );

  it.each(sqliteTables.map(([key]) => key))(
    "%s: the same foreign keys (ON DELETE included) and the same named indexes",
    (key) => {
      const sc = sqliteTableConfig(sqlite[key as keyof typeof sqlite] as SQLiteTable);
      const pc = pgTableConfig(pg[key as keyof typeof pg] as PgTable);
      const fks = (
        list: {
          reference(): { columns: { name: string }[]; foreignColumns: { name: string }[] };
          onDelete?: string;
        }[],
        tableName: (fk: never) => string,
      ) =>
        list
          .map((fk) => {
            const ref = fk.reference();
            return [
              ref.columns.map((c) => c.name).join(","),
              tableName(fk as never),
              ref.foreignColumns.map((c) => c.name).join(","),
              fk.onDelete ?? "no action",
            ].join(" ");
          })
          .sort();
      const foreignTable = (config: (t: never) => { name: string }) => (fk: never) =>
        config((fk as { reference(): { foreignTable: never } }).reference().foreignTable).name;
      expect(fks(sc.foreignKeys, foreignTable(sqliteTableConfig))).toEqual(
        fks(pc.foreignKeys, foreignTable(pgTableConfig)),
      );
      const indexes = (list: unknown[]) =>
        (list as { config: { name: string; unique: boolean; where?: unknown } }[])
          .map(
            (i) =>
              `${i.config.name}${i.config.unique ? " unique" : ""}${i.config.where ? " partial" : ""}`,
          )
          .sort();
      expect(indexes(sc.indexes)).toEqual(indexes(pc.indexes));
    },
  );
});
