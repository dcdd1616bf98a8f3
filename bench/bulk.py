"""Bulk writing of generated rows: SQLAlchemy Core ``executemany`` on SQLite, ``COPY`` on
PostgreSQL.

Rows are dicts keyed by column name and carry their own primary keys (the tables are empty when
the data set is built), so children can refer to parents without reading ids back. Rows are kept
in per-table buffers and written in batches; a batch always writes every buffer in the order the
tables were registered (parents first), so a foreign key never points at a row not yet written.
After the last batch, PostgreSQL's sequences are moved past the ids used.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

BATCH_ROWS = 50_000  # rows buffered (all tables together) before a batch is written


class BulkWriter:
    def __init__(self, conn: sa.Connection, tables: Iterable[sa.Table]):
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"
        self.buffers: dict[sa.Table, list[dict]] = {table: [] for table in tables}
        self.counts: dict[str, int] = {table.name: 0 for table in self.buffers}
        self.buffered = 0

    def add(self, table: sa.Table, row: dict) -> None:
        self.buffers[table].append(row)
        self.buffered += 1
        if self.buffered >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        for table, rows in self.buffers.items():
            if rows:
                self._write(table, rows)
                self.counts[table.name] += len(rows)
                rows.clear()
        self.buffered = 0

    def _write(self, table: sa.Table, rows: list[dict]) -> None:
        if not self.postgres:
            self.conn.execute(sa.insert(table), rows)
            return
        columns = list(rows[0])
        names = ", ".join(f'"{c}"' for c in columns)
        cursor = self.conn.connection.driver_connection.cursor()
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(tuple(row[c] for c in columns))

    def finish(self) -> dict[str, int]:
        """Write what is left; on PostgreSQL, set each table's id sequence after its rows."""
        self.flush()
        if self.postgres:
            for table in self.buffers:
                if "id" in table.c and self.counts[table.name]:
                    sequence = sa.func.pg_get_serial_sequence(table.name, "id")
                    last = sa.select(sa.func.max(table.c.id)).scalar_subquery()
                    self.conn.execute(sa.select(sa.func.setval(sequence, last)))
        return self.counts
