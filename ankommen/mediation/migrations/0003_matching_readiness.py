"""On PostgreSQL: what matching asks of every mediator's evidence, absences and weekly
windows, kept on the mediator's own row, so that one scan of the language's pool answers it.

Matching (`matching.MATCH_SQL`) used to look these up per mediator in three tables; with a
pool of a few thousand volunteers of one language those looks were half of a proposal's
time. Triggers on the three tables keep five columns of `mediation_mediator` up to date in
the same transaction as the change; Django does not know these columns (it never reads or
writes them, so a mediator saved from a form can never overwrite them with stale values):

- `match_confidentiality`, `match_good_conduct`, `match_basic_training`: the days on which
  such evidence is valid, as a `datemultirange` (the union of the evidence's
  [valid_from, valid_until] ranges; NULL: none);
- `match_absent`: the days of the mediator's absences (`datemultirange`; NULL: none);
- `match_windows`: the weekly windows as closed ranges of microseconds since Monday 00:00
  (`int8range[]`, one element per window and never merged, so a request must fit into one
  window as before; NULL: no windows, available any time; a window that ends before it
  starts is the empty range, which counts as a window that nothing fits).

Rows whose dates or times are reversed (the forms refuse them, the database does not)
are never valid, as in a look at the table itself. On SQLite nothing here exists:
`matching_portable` reads the tables instead.
"""

from django.db import migrations

FUNCTIONS_TEMPLATE = r"""
-- A weekday's window (or a request's time) as a closed range of microseconds since Monday
-- 00:00; the empty range where it ends before it starts.
CREATE FUNCTION mediation_week_range(weekday integer, starts time, ends time)
RETURNS int8range LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN ends >= starts THEN int8range(
        weekday::int8 * 86400000000 + (extract(epoch FROM starts) * 1000000)::int8,
        weekday::int8 * 86400000000 + (extract(epoch FROM ends) * 1000000)::int8, '[]')
    ELSE 'empty'::int8range END
$$;

CREATE FUNCTION mediation_refresh_readiness(ids bigint[]) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    -- Lock first, then read in a new statement: under READ COMMITTED the read then sees
    -- what a concurrent transaction that changed the same mediator has committed.
    PERFORM 1 FROM mediation_mediator WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    UPDATE mediation_mediator m SET
{evidence_columns}
        match_absent = (
            SELECT range_agg(daterange(a.first_day, a.last_day, '[]'))
            FROM mediation_absence a
            WHERE a.mediator_id = m.id AND a.last_day >= a.first_day),
        match_windows = (
            SELECT array_agg(mediation_week_range(w.weekday, w.starts, w.ends)
                             ORDER BY w.weekday, w.starts, w.ends)
            FROM mediation_weeklyavailability w
            WHERE w.mediator_id = m.id)
    WHERE m.id = ANY(ids);
END;
$$;

CREATE FUNCTION mediation_readiness_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM mediation_refresh_readiness(
            ARRAY(SELECT DISTINCT mediator_id FROM new_rows ORDER BY 1));
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM mediation_refresh_readiness(
            ARRAY(SELECT DISTINCT mediator_id FROM old_rows ORDER BY 1));
    END IF;
    RETURN NULL;
END;
$$;
"""

# One column per kind of evidence every mediator needs (specialist trainings are per setting
# and read through their own index).
EVIDENCE_COLUMN = """        match_{kind} = (
            SELECT range_agg(daterange(e.valid_from, e.valid_until, '[]'))
            FROM mediation_evidence e
            WHERE e.mediator_id = m.id AND e.kind = '{kind}'
              AND (e.valid_until IS NULL OR e.valid_until >= e.valid_from)),"""
FUNCTIONS = FUNCTIONS_TEMPLATE.replace(
    "{evidence_columns}\n",
    "\n".join(
        EVIDENCE_COLUMN.format(kind=kind)
        for kind in ("confidentiality", "good_conduct", "basic_training")
    )
    + "\n",
)

TABLES = ("mediation_evidence", "mediation_absence", "mediation_weeklyavailability")

COLUMNS = (
    ("match_confidentiality", "datemultirange"),
    ("match_good_conduct", "datemultirange"),
    ("match_basic_training", "datemultirange"),
    ("match_absent", "datemultirange"),
    ("match_windows", "int8range[]"),
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(
        "ALTER TABLE mediation_mediator "
        + ", ".join(f"ADD COLUMN {name} {kind}" for name, kind in COLUMNS)
    )
    execute(FUNCTIONS)
    for table in TABLES:
        # One refresh per statement (a bulk insert of thousands of rows is one refresh).
        execute(
            f"CREATE TRIGGER {table}_readiness_insert AFTER INSERT ON {table} "
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION mediation_readiness_changed()"
        )
        execute(
            f"CREATE TRIGGER {table}_readiness_update AFTER UPDATE ON {table} "
            "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION mediation_readiness_changed()"
        )
        execute(
            f"CREATE TRIGGER {table}_readiness_delete AFTER DELETE ON {table} "
            "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION mediation_readiness_changed()"
        )
    execute("SELECT mediation_refresh_readiness(ARRAY(SELECT id FROM mediation_mediator))")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    for table in TABLES:
        for event in ("insert", "update", "delete"):
            execute(f"DROP TRIGGER {table}_readiness_{event} ON {table}")
    execute("DROP FUNCTION mediation_readiness_changed()")
    execute("DROP FUNCTION mediation_refresh_readiness(bigint[])")
    execute("DROP FUNCTION mediation_week_range(integer, time, time)")
    execute(
        "ALTER TABLE mediation_mediator "
        + ", ".join(f"DROP COLUMN {name}" for name, _kind in COLUMNS)
    )


class Migration(migrations.Migration):
    dependencies = [("mediation", "0002_conflicts_client_reference_and_matching_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
