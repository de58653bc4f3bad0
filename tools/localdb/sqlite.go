package main

// SQLite backend (FerretDB v1.24.2, internal/backends/sqlite): each database is a file `<name>.sqlite` in the
// data directory, in WAL mode; its table `_ferretdb_collections` (name, table_name, settings) lists the
// collections, each a table with one column `_ferretdb_sjson` holding the document as JSON. FerretDB pushes down
// only a filter that is exactly `{_id: <string or ObjectId>}`, as `_ferretdb_sjson->'$._id' = ?`
// (metadata.IDColumn; collection.go Query), and finds the documents to update or delete the same way — but the
// unique index it creates for `_id` is on `_ferretdb_sjson->"_id"`, an expression SQLite does not take for the
// same one, so every such lookup scans the table. An index on the exact expression makes it a search.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	_ "modernc.org/sqlite" // the database/sql driver FerretDB itself uses
)

const (
	// sqliteIDExpression is FerretDB's metadata.IDColumn: what its pushed-down `_id` filter compares.
	sqliteIDExpression = "_ferretdb_sjson->'$._id'"
	// sqliteMetadataTable is FerretDB's list of a database's collections (metadata.metadataTableName).
	sqliteMetadataTable = "_ferretdb_collections"
	// sqliteExtension ends each database file's name (pool.filenameExtension).
	sqliteExtension = ".sqlite"

	// walTruncateBytes is the size of a write-ahead log at which a round checkpoints it and truncates it: FerretDB
	// only ever checkpoints passively, and a log that readers keep from restarting grows without bound.
	walTruncateBytes = 8 << 20
	// walSizeLimitBytes is the journal_size_limit (bytes) FerretDB's own connections are opened with: the size a
	// log is cut back to whenever a checkpoint lets it restart.
	walSizeLimitBytes = 16 << 20
	// sqliteBusyMs is how long (ms) a round waits for FerretDB's writers before creating an index; the
	// checkpoint waits at most sqliteCheckpointBusyMs, since it holds the write lock while it waits for readers.
	sqliteBusyMs           = 5000
	sqliteCheckpointBusyMs = 1000
)

// sqliteFerretURL is the URI FerretDB opens the data directory with: FerretDB's defaults (busy_timeout 10 s,
// WAL, no auto_vacuum; pool/uri.go) plus a journal_size_limit, so that a log emptied by a checkpoint is cut
// back on disk rather than kept at the largest size it ever reached.
func sqliteFerretURL(dir string) string {
	return fmt.Sprintf("file:%s/?_pragma=journal_size_limit(%d)", dir, walSizeLimitBytes)
}

// quoteSQLiteIdent quotes an identifier for SQLite (double quotes, doubled inside).
func quoteSQLiteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// sqliteIDIndex is the index that serves FerretDB's `_id` lookups on a collection's table: named
// `$localdb_<table>_id`, on exactly the expression FerretDB's WHERE clause compares. Not unique: FerretDB's own
// index already guards uniqueness, and this one must never refuse a write FerretDB accepts.
func sqliteIDIndex(table string) wantedIndex {
	name := ownPrefix + table + "_id"
	return wantedIndex{
		Table:  table,
		Name:   name,
		Create: fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s (%s)", quoteSQLiteIdent(name), quoteSQLiteIdent(table), sqliteIDExpression),
	}
}

// sqliteDatabases lists the database files of the data directory, by database name (sorted).
func sqliteDatabases(dir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "*"+sqliteExtension))
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(matches))
	for _, m := range matches {
		names = append(names, strings.TrimSuffix(filepath.Base(m), sqliteExtension))
	}
	sort.Strings(names)
	return names, nil
}

// openSQLite opens an existing database file (never creating one: a file FerretDB just dropped stays gone).
func openSQLite(dir, database string) (*sql.DB, error) {
	file := filepath.Join(dir, database+sqliteExtension)
	db, err := sql.Open("sqlite", fmt.Sprintf("file:%s?mode=rw&_pragma=busy_timeout(%d)", file, sqliteBusyMs))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// sqliteCollection is one row of FerretDB's metadata table.
type sqliteCollection struct {
	Name  string
	Table string
}

// sqliteCollections reads a database's collections; errGone when the database has no metadata table (yet: FerretDB
// creates the file first).
func sqliteCollections(ctx context.Context, db *sql.DB) ([]sqliteCollection, error) {
	rows, err := db.QueryContext(ctx, fmt.Sprintf("SELECT name, table_name FROM %s ORDER BY table_name", quoteSQLiteIdent(sqliteMetadataTable)))
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, errGone
		}
		return nil, err
	}
	defer rows.Close()
	var out []sqliteCollection
	for rows.Next() {
		var c sqliteCollection
		if err := rows.Scan(&c.Name, &c.Table); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// sqliteReconciler keeps each database file of dir with an `_id` index per collection (when indexes is set) and its
// write-ahead log under walTruncateBytes.
type sqliteReconciler struct {
	dir     string
	indexes bool
}

func (s *sqliteReconciler) close() {}

func (s *sqliteReconciler) round(ctx context.Context) []problem {
	databases, err := sqliteDatabases(s.dir)
	if err != nil {
		return []problem{{About: s.dir, Err: err}}
	}
	var problems []problem
	for _, database := range databases {
		if ctx.Err() != nil {
			break
		}
		if err := s.database(ctx, database); err != nil && !errors.Is(err, errGone) {
			problems = append(problems, problem{About: "sqlite database " + database, Err: err})
		}
	}
	return problems
}

// database brings one database file in line: its indexes, then its log.
func (s *sqliteReconciler) database(ctx context.Context, database string) error {
	file := filepath.Join(s.dir, database+sqliteExtension)
	db, err := openSQLite(s.dir, database)
	if err != nil {
		return goneIfMissing(file, err)
	}
	defer db.Close()
	if s.indexes {
		if err := s.indexesOf(ctx, db); err != nil {
			return goneIfMissing(file, err)
		}
	}
	return goneIfMissing(file, checkpointIfLarge(ctx, db, file+"-wal"))
}

// goneIfMissing is errGone instead of err when the database file no longer exists (FerretDB dropped it meanwhile).
func goneIfMissing(file string, err error) error {
	if err == nil {
		return nil
	}
	if _, statErr := os.Stat(file); errors.Is(statErr, os.ErrNotExist) {
		return errGone
	}
	return err
}

func (s *sqliteReconciler) indexesOf(ctx context.Context, db *sql.DB) error {
	collections, err := sqliteCollections(ctx, db)
	if err != nil {
		return err
	}
	wanted := make([]wantedIndex, 0, len(collections))
	for _, c := range collections {
		wanted = append(wanted, sqliteIDIndex(c.Table))
	}
	present, err := sqlitePresentIndexes(ctx, db)
	if err != nil {
		return err
	}
	create, drop := planIndexes(wanted, present)
	for _, p := range drop {
		if _, err := db.ExecContext(ctx, "DROP INDEX IF EXISTS "+quoteSQLiteIdent(p.Name)); err != nil {
			return fmt.Errorf("dropping %s: %w", p.Name, err)
		}
	}
	for _, w := range create {
		if _, err := db.ExecContext(ctx, w.Create); err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue // dropped meanwhile
			}
			return fmt.Errorf("creating %s: %w", w.Name, err)
		}
	}
	return nil
}

// sqlitePresentIndexes lists the indexes of this program's in a database file.
func sqlitePresentIndexes(ctx context.Context, db *sql.DB) ([]presentIndex, error) {
	rows, err := db.QueryContext(ctx, "SELECT tbl_name, name FROM sqlite_schema WHERE type = 'index' AND substr(name, 1, ?) = ?", len(ownPrefix), ownPrefix)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []presentIndex
	for rows.Next() {
		p := presentIndex{Valid: true}
		if err := rows.Scan(&p.Table, &p.Name); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// checkpointIfLarge checkpoints the log at walPath into the database and truncates it to nothing when it has
// reached walTruncateBytes. When readers keep it from finishing it copies what it can and the next round tries again.
func checkpointIfLarge(ctx context.Context, db *sql.DB, walPath string) error {
	info, err := os.Stat(walPath)
	if err != nil || info.Size() < walTruncateBytes {
		return nil
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", sqliteCheckpointBusyMs)); err != nil {
		return err
	}
	var busy, logFrames, checkpointed int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &checkpointed); err != nil {
		return fmt.Errorf("checkpointing %s: %w", filepath.Base(walPath), err)
	}
	return nil
}
