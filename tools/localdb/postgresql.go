package main

// PostgreSQL backend (FerretDB v1.24.2, internal/backends/postgresql): each database is a schema with a table
// `_ferretdb_database_metadata`, one jsonb column `_jsonb`, one row per collection (`{_id: <collection>, table,
// indexes: [{name, pgindex, key: {<field>: 1 | -1, …}, unique}], …}` in FerretDB's own JSON, metadata.go and
// indexes.go); each collection is a table with the document in the jsonb column `_jsonb`. FerretDB pushes each
// top-level equality of a filter down as `_jsonb->$1 @> $2` (query.go prepareWhereClause and filterEqual; a
// dotted key is left to FerretDB itself, since the embedded package never enables nested pushdown), and the
// B-tree indexes it creates on `(_jsonb->'field')` cannot serve `@>`. A GIN index on the same expression can:
// the planner sees the key as a constant in a custom plan, which PostgreSQL makes for FerretDB's prepared
// statements as long as it is cheaper than the generic one (it is, once the index exists: the generic plan, blind
// to the key, can only scan).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

const (
	// pgMetadataTable is FerretDB's list of a schema's collections (metadata.metadataTableName).
	pgMetadataTable = "_ferretdb_database_metadata"
	// pgMaxIdentifier is PostgreSQL's longest identifier (NAMEDATALEN - 1 bytes); a longer name is cut.
	pgMaxIdentifier = 63
	// pgIndexMethod is how every index here is built: GIN serves `@>` on jsonb; jsonb_path_ops indexes values by
	// their path only, which is all containment needs, in a smaller index than the default jsonb_ops.
	pgIndexMethod = "gin jsonb_path_ops"
	// pgIndexStorage turns GIN's pending list off. With it on (PostgreSQL's default) new keys wait in an unsorted
	// list of up to gin_pending_list_limit (4 MB) that every lookup reads through, and only autovacuum or a full list
	// merges it: a lookup by `_id` took 1.4 ms with 30,000 keys pending and 0.05 ms once they were merged. Off,
	// each insert puts its keys in place; FerretDB's lookups are what the application waits for, not its inserts.
	pgIndexStorage = "fastupdate = off"
	// pgLockTimeout bounds how long creating or dropping an index waits for a table's lock (a PostgreSQL
	// interval): a round never queues for long in front of FerretDB's writers, and tries again next time.
	pgLockTimeout = "2s"
)

// pgNamePart is what may stay of a table or field name inside an index name.
var pgNamePart = regexp.MustCompile(`[^a-z0-9_]+`)

// pgFieldIndexName names the index on a field of a table: ownPrefix, then as much of the table and field names as
// fits (lower-case letters, digits and `_`), then a hash of both and of the index method, so that it stays unique
// in the schema and a change of method or storage makes a new name (the old index is then dropped as unwanted). At most
// pgMaxIdentifier bytes.
func pgFieldIndexName(table, field string) string {
	clip := func(s string, n int) string {
		s = pgNamePart.ReplaceAllString(strings.ToLower(s), "_")
		if len(s) > n {
			return s[:n]
		}
		return s
	}
	suffix := "_" + shortHash(table, field, pgIndexMethod, pgIndexStorage)
	room := pgMaxIdentifier - len(ownPrefix) - len(suffix) - 1 // 1 for the `_` between table and field
	tablePart := clip(table, room/2)
	fieldPart := clip(field, room-len(tablePart))
	return ownPrefix + tablePart + "_" + fieldPart + suffix
}

// quotePGLiteral quotes a string literal for PostgreSQL (standard_conforming_strings, on since 9.1).
func quotePGLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// pgFieldExpression is the expression FerretDB's pushdown puts on the left of `@>` for a top-level field, once
// the planner has the key: `_jsonb->'field'`.
func pgFieldExpression(field string) string {
	return "_jsonb->" + quotePGLiteral(field)
}

// withCustomPlans is the PostgreSQL URL FerretDB is given: `url` with `plan_cache_mode=force_custom_plan` among its
// run-time parameters (unless it sets that parameter itself). FerretDB runs its queries as prepared statements
// cached per connection, with the field as a parameter (`_jsonb->$1 @> $2`); after five runs PostgreSQL may switch a
// statement to its generic plan, which cannot match an expression index on `_jsonb->'field'` and scans — and it
// does so for good when the statement was first run on a small table, as on every database that starts empty.
// Planning each run with its values keeps the GIN indexes in use (PostgreSQL 12 or newer; pgx passes unknown URL
// parameters on as run-time parameters).
func withCustomPlans(raw string) (string, error) {
	parsed, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	values := parsed.Query()
	if !values.Has("plan_cache_mode") {
		values.Set("plan_cache_mode", "force_custom_plan")
	}
	parsed.RawQuery = values.Encode()
	return parsed.String(), nil
}

// pgFieldIndex is the GIN index that serves FerretDB's equality on a top-level field of a schema's table.
func pgFieldIndex(schema, table, field string) wantedIndex {
	name := pgFieldIndexName(table, field)
	method, opclass, _ := strings.Cut(pgIndexMethod, " ")
	return wantedIndex{
		Table: table,
		Name:  name,
		Create: fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s USING %s ((%s) %s) WITH (%s)",
			pgx.Identifier{name}.Sanitize(), pgx.Identifier{schema, table}.Sanitize(), method, pgFieldExpression(field), opclass, pgIndexStorage),
	}
}

// pgCollection is what the reconciler needs of a row of FerretDB's metadata: the collection, its table, and the
// fields of each index declared on it, in no particular order (jsonb keeps no key order).
type pgCollection struct {
	Name    string
	Table   string
	Indexes []pgDeclaredIndex
}

type pgDeclaredIndex struct {
	Name   string
	Fields []string
}

// parsePGCollection reads a metadata row's `_jsonb`. FerretDB's JSON keeps its type annotations under `$s`,
// which this skips; an index's key is an object of field to order.
func parsePGCollection(raw []byte) (pgCollection, error) {
	var row struct {
		ID      string `json:"_id"`
		Table   string `json:"table"`
		Indexes []struct {
			Name string                     `json:"name"`
			Key  map[string]json.RawMessage `json:"key"`
		} `json:"indexes"`
	}
	if err := json.Unmarshal(raw, &row); err != nil {
		return pgCollection{}, err
	}
	if row.ID == "" || row.Table == "" {
		return pgCollection{}, fmt.Errorf("a collection without name or table in %s", pgMetadataTable)
	}
	c := pgCollection{Name: row.ID, Table: row.Table}
	for _, index := range row.Indexes {
		declared := pgDeclaredIndex{Name: index.Name}
		for field := range index.Key {
			if !strings.HasPrefix(field, "$") {
				declared.Fields = append(declared.Fields, field)
			}
		}
		sort.Strings(declared.Fields)
		c.Indexes = append(c.Indexes, declared)
	}
	return c, nil
}

// pgIndexedFields are the fields of a collection whose equalities FerretDB pushes down and that should be served
// by an index: `_id` always, and every top-level field of a declared index (a dotted field is never pushed down,
// see above). Sorted, each once.
func pgIndexedFields(c pgCollection) []string {
	set := map[string]bool{"_id": true}
	for _, index := range c.Indexes {
		for _, field := range index.Fields {
			if field != "" && !strings.Contains(field, ".") {
				set[field] = true
			}
		}
	}
	fields := make([]string, 0, len(set))
	for field := range set {
		fields = append(fields, field)
	}
	sort.Strings(fields)
	return fields
}

// pgWantedIndexes are the GIN indexes wanted in a schema for its collections.
func pgWantedIndexes(schema string, collections []pgCollection) []wantedIndex {
	var wanted []wantedIndex
	for _, c := range collections {
		for _, field := range pgIndexedFields(c) {
			wanted = append(wanted, pgFieldIndex(schema, c.Table, field))
		}
	}
	return wanted
}

// pgReconciler keeps every FerretDB schema of one PostgreSQL database with the GIN indexes pgWantedIndexes names.
type pgReconciler struct {
	pool *pgxpool.Pool
}

// newPGReconciler opens a small pool of its own (two connections at most) to the database FerretDB uses; it
// connects on first use.
func newPGReconciler(url string) (*pgReconciler, error) {
	config, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	config.MaxConns = 2
	config.ConnConfig.RuntimeParams["application_name"] = "localdb indexes"
	config.ConnConfig.RuntimeParams["lock_timeout"] = pgLockTimeout
	pool, err := pgxpool.NewWithConfig(context.Background(), config)
	if err != nil {
		return nil, err
	}
	return &pgReconciler{pool: pool}, nil
}

func (r *pgReconciler) close() { r.pool.Close() }

func (r *pgReconciler) round(ctx context.Context) []problem {
	schemas, err := pgSchemas(ctx, r.pool)
	if err != nil {
		return []problem{{About: "postgresql", Err: err}}
	}
	var problems []problem
	for _, schema := range schemas {
		if ctx.Err() != nil {
			break
		}
		if err := r.schema(ctx, schema); err != nil && !errors.Is(err, errGone) && !pgGone(err) {
			problems = append(problems, problem{About: "postgresql schema " + schema, Err: err})
		}
	}
	return problems
}

// pgQuerier is what reading FerretDB's metadata needs of a pool or a connection.
type pgQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// pgSchemas lists the schemas FerretDB uses as databases (those with its metadata table), sorted.
func pgSchemas(ctx context.Context, q pgQuerier) ([]string, error) {
	rows, err := q.Query(ctx, "SELECT table_schema FROM information_schema.tables WHERE table_name = $1 ORDER BY 1", pgMetadataTable)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// pgCollections reads a schema's collections from FerretDB's metadata.
func pgCollections(ctx context.Context, q pgQuerier, schema string) ([]pgCollection, error) {
	rows, err := q.Query(ctx, fmt.Sprintf("SELECT _jsonb::text FROM %s", pgx.Identifier{schema, pgMetadataTable}.Sanitize()))
	if err != nil {
		return nil, err
	}
	raws, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	collections := make([]pgCollection, 0, len(raws))
	for _, raw := range raws {
		c, err := parsePGCollection([]byte(raw))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", pgMetadataTable, err)
		}
		collections = append(collections, c)
	}
	return collections, nil
}

// pgPresentIndexes lists the indexes of this program's in a schema, with whether each is valid.
func pgPresentIndexes(ctx context.Context, q pgQuerier, schema string) ([]presentIndex, error) {
	rows, err := q.Query(ctx, `
		SELECT t.relname, i.relname, x.indisvalid
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = $1 AND starts_with(i.relname, $2)`, schema, ownPrefix)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (presentIndex, error) {
		var p presentIndex
		err := row.Scan(&p.Table, &p.Name, &p.Valid)
		return p, err
	})
}

func (r *pgReconciler) schema(ctx context.Context, schema string) error {
	collections, err := pgCollections(ctx, r.pool, schema)
	if err != nil {
		return err
	}
	present, err := pgPresentIndexes(ctx, r.pool, schema)
	if err != nil {
		return err
	}
	create, drop := planIndexes(pgWantedIndexes(schema, collections), present)
	for _, p := range drop {
		if _, err := r.pool.Exec(ctx, "DROP INDEX IF EXISTS "+pgx.Identifier{schema, p.Name}.Sanitize()); err != nil && !pgGone(err) {
			return fmt.Errorf("dropping %s: %w", p.Name, err)
		}
	}
	for _, w := range create {
		if _, err := r.pool.Exec(ctx, w.Create); err != nil && !pgGone(err) {
			return fmt.Errorf("creating %s: %w", w.Name, err)
		}
	}
	return nil
}

// pgGone is whether err says a table or schema does not exist (dropped between reading and using it).
func pgGone(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "42P01" || pgErr.Code == "3F000")
}
