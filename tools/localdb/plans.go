package main

// `localdb plans` prints the plan the backend makes for the SQL FerretDB v1.24.2 issues for a find with a given
// filter: the same SELECT, WHERE clause and arguments (the SQLite and PostgreSQL backends' Query and
// prepareWhereClause), explained by the same database. It tells whether a lookup reads through an index or scans.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

// planReport is what `localdb plans` prints, as one JSON object: the SQL and its arguments, the plan's lines
// (SQLite: EXPLAIN QUERY PLAN's details; PostgreSQL: EXPLAIN's text), whether any step scans a whole table, and
// the indexes the plan reads.
type planReport struct {
	Query   string   `json:"query"`
	Args    []any    `json:"args"`
	Plan    []string `json:"plan"`
	Scans   bool     `json:"scans"`
	Indexes []string `json:"indexes"`
}

func runPlans(args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("plans", flag.ContinueOnError)
	sqliteDir := flags.String("sqlite-dir", "", "SQLite data directory")
	postgresURL := flags.String("postgresql-url", "", "PostgreSQL URL")
	database := flags.String("database", "", "database name")
	collection := flags.String("collection", "", "collection name")
	filterJSON := flags.String("filter", "{}", `find filter as JSON (strings, numbers, booleans, {"$oid": "<hex>"}, {"$eq": …}, {"$ne": …})`)
	preferIndex := flags.Bool("prefer-index", false, "PostgreSQL: plan as if scanning were dear (enable_seqscan off), to tell whether an index can serve the lookup whatever the table's size")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *database == "" || *collection == "" {
		return errors.New("plans: give -database and -collection")
	}
	filter, err := parseFilter([]byte(*filterJSON))
	if err != nil {
		return fmt.Errorf("plans: bad -filter: %w", err)
	}
	ctx := context.Background()
	var report planReport
	switch {
	case (*sqliteDir == "") == (*postgresURL == ""):
		return errors.New("plans: give either -sqlite-dir or -postgresql-url")
	case *sqliteDir != "":
		report, err = sqlitePlan(ctx, *sqliteDir, *database, *collection, filter)
	default:
		report, err = pgPlan(ctx, *postgresURL, *database, *collection, filter, *preferIndex)
	}
	if err != nil {
		return fmt.Errorf("plans: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(report)
}

// filterField is one key of a filter, in order. Value is a string, a json.Number, a bool, nil (null), an
// objectID, a []any (array) or a []filterField (a document).
type filterField struct {
	Key   string
	Value any
}

// objectID is an ObjectId given as {"$oid": "<24 hex digits>"}.
type objectID string

var objectIDHex = regexp.MustCompile(`^[0-9a-fA-F]{24}$`)

// parseFilter reads a filter as JSON, keeping the order of keys (FerretDB numbers placeholders in that order).
func parseFilter(raw []byte) ([]filterField, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one JSON value")
	}
	doc, ok := v.([]filterField)
	if !ok {
		return nil, errors.New("a filter is a JSON object")
	}
	return doc, nil
}

func decodeOrdered(dec *json.Decoder) (any, error) {
	token, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch token {
	case json.Delim('{'):
		var doc []filterField
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, err
			}
			value, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			doc = append(doc, filterField{Key: key.(string), Value: value})
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		if len(doc) == 1 && doc[0].Key == "$oid" {
			if hex, ok := doc[0].Value.(string); ok && objectIDHex.MatchString(hex) {
				return objectID(strings.ToLower(hex)), nil
			}
		}
		return doc, nil
	case json.Delim('['):
		var array []any
		for dec.More() {
			value, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			array = append(array, value)
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		return array, nil
	default:
		return token, nil
	}
}

// sjsonScalar is how FerretDB's JSON (sjson.MarshalSingleValue) writes a string or ObjectId: a JSON string, the
// ObjectId as its hex digits.
func sjsonScalar(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		b, _ := json.Marshal(v)
		return string(b), true
	case objectID:
		b, _ := json.Marshal(string(v))
		return string(b), true
	}
	return "", false
}

// sqliteFindSQL is the SELECT FerretDB's SQLite backend issues for a find on a table (collection.go Query): a
// WHERE clause only for a filter that is exactly `{_id: <string or ObjectId>}`, no LIMIT since the handler pushes
// none down with a filter.
func sqliteFindSQL(table string, filter []filterField) (string, []any) {
	query := fmt.Sprintf(`SELECT  %s FROM %s`, "_ferretdb_sjson", quoteSQLiteIdent(table))
	if len(filter) == 1 && filter[0].Key == "_id" {
		if arg, ok := sjsonScalar(filter[0].Value); ok {
			return query + " WHERE " + sqliteIDExpression + " = ?", []any{arg}
		}
	}
	return query, []any{}
}

// pgFindSQL is the SELECT FerretDB's PostgreSQL backend issues for a find on a table (query.go
// prepareSelectClause and prepareWhereClause, with the handler's removal of dotted keys): each top-level equality
// on a string, ObjectId, number or boolean becomes `_jsonb->$n @> $m`, a `$ne` on one its NOT form; anything else
// is left to FerretDB. A number beyond ±2^53 is compared as FerretDB compares it only in the plan's shape
// (containment here, a range there): both scan the same way.
func pgFindSQL(schema, table string, filter []filterField) (string, []any) {
	query := fmt.Sprintf(`SELECT  %s FROM %s`, "_jsonb", pgx.Identifier{schema, table}.Sanitize())
	var conditions []string
	args := []any{}
	next := func() string { return fmt.Sprintf("$%d", len(args)+1) }
	equal := func(key string, v any) {
		value, ok := pgJSONArg(v)
		if !ok {
			return
		}
		k := next()
		args = append(args, key)
		conditions = append(conditions, fmt.Sprintf("_jsonb->%s @> %s", k, next()))
		args = append(args, value)
	}
	for _, field := range filter {
		if strings.HasPrefix(field.Key, "$") || strings.Contains(field.Key, ".") {
			continue
		}
		doc, isDoc := field.Value.([]filterField)
		if !isDoc {
			equal(field.Key, field.Value)
			continue
		}
		for _, op := range doc {
			switch op.Key {
			case "$eq":
				equal(field.Key, op.Value)
			case "$ne":
				value, ok := pgJSONArg(op.Value)
				if !ok {
					continue
				}
				k := next()
				args = append(args, field.Key)
				v := next()
				args = append(args, value)
				conditions = append(conditions, fmt.Sprintf(`NOT ( _jsonb ? %[1]s AND _jsonb->%[1]s @> %[2]s AND _jsonb->'$s'->'p'->%[1]s->'t' = '"%[3]s"' )`, k, v, sjsonType(op.Value)))
			}
		}
	}
	if len(conditions) > 0 {
		query += " WHERE " + strings.Join(conditions, " AND ")
	}
	return query, args
}

// pgJSONArg is the jsonb argument FerretDB passes for a value it pushes down, as JSON text; false for a value it
// does not push down (null, arrays, documents).
func pgJSONArg(v any) (string, bool) {
	if s, ok := sjsonScalar(v); ok {
		return s, true
	}
	switch v := v.(type) {
	case json.Number:
		return v.String(), true
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// sjsonType is FerretDB's type name for a value (sjson.GetTypeOfValue), a number typed as a MongoDB driver sends
// it: a whole number within int32 as int, any other as double.
func sjsonType(v any) string {
	switch v := v.(type) {
	case string:
		return "string"
	case objectID:
		return "objectId"
	case bool:
		return "bool"
	case json.Number:
		if i, err := v.Int64(); err == nil && i >= math.MinInt32 && i <= math.MaxInt32 {
			return "int"
		}
		return "double"
	}
	return ""
}

// planScans is whether a plan reads a whole table: SQLite says SCAN (of a table or a whole index), PostgreSQL
// Seq Scan.
func planScans(lines []string) bool {
	for _, line := range lines {
		trimmed := strings.TrimLeft(line, " ->")
		if strings.HasPrefix(trimmed, "SCAN ") || strings.Contains(line, "Seq Scan") {
			return true
		}
	}
	return false
}

// planIndexPattern finds the index a plan line reads: SQLite `USING [COVERING ]INDEX name`, PostgreSQL
// `Index Scan using name on`, `Index Only Scan using name on`, `Bitmap Index Scan on name`.
var planIndexPattern = regexp.MustCompile(`USING (?:COVERING )?INDEX (\S+)|Scan using (\S+) on|Bitmap Index Scan on (\S+)`)

// planIndexesUsed lists the indexes a plan reads, in order, each once, unquoted.
func planIndexesUsed(lines []string) []string {
	seen := map[string]bool{}
	used := []string{}
	for _, line := range lines {
		for _, m := range planIndexPattern.FindAllStringSubmatch(line, -1) {
			name := strings.Join(m[1:], "")
			if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
				name = strings.ReplaceAll(name[1:len(name)-1], `""`, `"`)
			}
			if !seen[name] {
				seen[name] = true
				used = append(used, name)
			}
		}
	}
	return used
}

func sqlitePlan(ctx context.Context, dir, database, collection string, filter []filterField) (planReport, error) {
	db, err := openSQLite(dir, database)
	if err != nil {
		return planReport{}, err
	}
	defer db.Close()
	var table string
	q := fmt.Sprintf("SELECT table_name FROM %s WHERE name = ?", quoteSQLiteIdent(sqliteMetadataTable))
	if err := db.QueryRowContext(ctx, q, collection).Scan(&table); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return planReport{}, fmt.Errorf("no collection %q in database %q", collection, database)
		}
		return planReport{}, err
	}
	query, args := sqliteFindSQL(table, filter)
	rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return planReport{}, err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return planReport{}, err
		}
		lines = append(lines, detail)
	}
	if err := rows.Err(); err != nil {
		return planReport{}, err
	}
	return planReport{Query: query, Args: args, Plan: lines, Scans: planScans(lines), Indexes: planIndexesUsed(lines)}, nil
}

func pgPlan(ctx context.Context, url, database, collection string, filter []filterField, preferIndex bool) (planReport, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return planReport{}, err
	}
	defer conn.Close(context.Background())
	tx, err := conn.Begin(ctx)
	if err != nil {
		return planReport{}, err
	}
	defer func() { _ = tx.Rollback(context.Background()) }()
	var table string
	q := fmt.Sprintf("SELECT _jsonb->>'table' FROM %s WHERE _jsonb->'_id' = to_jsonb($1::text)", pgx.Identifier{database, pgMetadataTable}.Sanitize())
	if err := tx.QueryRow(ctx, q, collection).Scan(&table); err != nil {
		if errors.Is(err, pgx.ErrNoRows) || pgGone(err) {
			return planReport{}, fmt.Errorf("no collection %q in database %q", collection, database)
		}
		return planReport{}, err
	}
	if preferIndex {
		if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return planReport{}, err
		}
	}
	query, args := pgFindSQL(database, table, filter)
	rows, err := tx.Query(ctx, "EXPLAIN "+query, args...)
	if err != nil {
		return planReport{}, err
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return planReport{}, err
	}
	return planReport{Query: query, Args: args, Plan: lines, Scans: planScans(lines), Indexes: planIndexesUsed(lines)}, nil
}
