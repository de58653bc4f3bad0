package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

func names[T any](items []T, name func(T) string) []string {
	out := []string{}
	for _, item := range items {
		out = append(out, name(item))
	}
	return out
}

func TestPlanIndexesCreatesMissingAndDropsStaleOwnOnly(t *testing.T) {
	wanted := []wantedIndex{
		{Table: "t", Name: ownPrefix + "b"},
		{Table: "t", Name: ownPrefix + "a"},
		{Table: "t", Name: ownPrefix + "a"}, // wanted twice: made once
		{Table: "t", Name: ownPrefix + "broken"},
	}
	present := []presentIndex{
		{Table: "t", Name: ownPrefix + "a", Valid: true},
		{Table: "t", Name: ownPrefix + "stale", Valid: true},
		{Table: "t", Name: ownPrefix + "broken", Valid: false},
		{Table: "t", Name: "t_username_unique_2373151d_idx", Valid: true}, // FerretDB's: never touched
		{Table: "gone", Name: ownPrefix + "gone_id", Valid: true},
	}
	create, drop := planIndexes(wanted, present)
	if got := names(create, func(w wantedIndex) string { return w.Name }); !reflect.DeepEqual(got, []string{ownPrefix + "b", ownPrefix + "broken"}) {
		t.Errorf("create = %v", got)
	}
	if got := names(drop, func(p presentIndex) string { return p.Name }); !reflect.DeepEqual(got, []string{ownPrefix + "broken", ownPrefix + "gone_id", ownPrefix + "stale"}) {
		t.Errorf("drop = %v", got)
	}
}

func TestPlanIndexesInStepDoesNothing(t *testing.T) {
	create, drop := planIndexes([]wantedIndex{{Table: "t", Name: ownPrefix + "a"}}, []presentIndex{{Table: "t", Name: ownPrefix + "a", Valid: true}})
	if len(create) != 0 || len(drop) != 0 {
		t.Errorf("create = %v, drop = %v", create, drop)
	}
}

func TestSQLiteIDIndexUsesFerretDBsPushdownExpression(t *testing.T) {
	w := sqliteIDIndex("users_5e7cc513")
	if w.Name != "$localdb_users_5e7cc513_id" {
		t.Errorf("name = %q", w.Name)
	}
	want := `CREATE INDEX IF NOT EXISTS "$localdb_users_5e7cc513_id" ON "users_5e7cc513" (_ferretdb_sjson->'$._id')`
	if w.Create != want {
		t.Errorf("create = %q", w.Create)
	}
	// The expression must be the one FerretDB's WHERE clause compares, character for character.
	query, args := sqliteFindSQL("users_5e7cc513", []filterField{{Key: "_id", Value: "u1"}})
	if !strings.HasSuffix(query, "WHERE _ferretdb_sjson->'$._id' = ?") || !reflect.DeepEqual(args, []any{`"u1"`}) {
		t.Errorf("query = %q, args = %v", query, args)
	}
	if got := quoteSQLiteIdent(`a"b`); got != `"a""b"` {
		t.Errorf("quote = %s", got)
	}
}

func TestSQLiteFindPushesDownOnlyALoneStringOrObjectIDIDs(t *testing.T) {
	for _, tc := range []struct {
		filter string
		where  bool
		args   []any
	}{
		{`{"_id": "x"}`, true, []any{`"x"`}},
		{`{"_id": {"$oid": "65A0C0FFEE0000000000abcd"}}`, true, []any{`"65a0c0ffee0000000000abcd"`}},
		{`{"_id": 7}`, false, []any{}},
		{`{"_id": {"$eq": "x"}}`, false, []any{}},
		{`{"_id": "x", "a": 1}`, false, []any{}},
		{`{"username": "x"}`, false, []any{}},
	} {
		filter, err := parseFilter([]byte(tc.filter))
		if err != nil {
			t.Fatal(err)
		}
		query, args := sqliteFindSQL("t", filter)
		if strings.Contains(query, "WHERE") != tc.where || !reflect.DeepEqual(args, tc.args) {
			t.Errorf("%s: query = %q, args = %v", tc.filter, query, args)
		}
	}
}

func TestPGFindPushesDownTopLevelEqualitiesAsFerretDBDoes(t *testing.T) {
	filter, err := parseFilter([]byte(`{"caseId": "c1", "seq": 3, "actor.region": "cd", "$comment": "x", "tags": ["a"], "pending": {"$eq": true}, "kind": {"$ne": "x"}, "at": {"$gt": "2026"}}`))
	if err != nil {
		t.Fatal(err)
	}
	query, args := pgFindSQL("app", "events_1", filter)
	want := `SELECT  _jsonb FROM "app"."events_1" WHERE _jsonb->$1 @> $2 AND _jsonb->$3 @> $4 AND _jsonb->$5 @> $6 AND ` +
		`NOT ( _jsonb ? $7 AND _jsonb->$7 @> $8 AND _jsonb->'$s'->'p'->$7->'t' = '"string"' )`
	if query != want {
		t.Errorf("query = %s", query)
	}
	if !reflect.DeepEqual(args, []any{"caseId", `"c1"`, "seq", "3", "pending", "true", "kind", `"x"`}) {
		t.Errorf("args = %v", args)
	}
	query, args = pgFindSQL("app", "events_1", nil)
	if query != `SELECT  _jsonb FROM "app"."events_1"` || len(args) != 0 {
		t.Errorf("no filter: %s %v", query, args)
	}
}

func TestParseFilterRefusesWhatIsNotAnObject(t *testing.T) {
	for _, bad := range []string{`[]`, `"x"`, `{"a": 1} {}`, `{"a": `} {
		if _, err := parseFilter([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestPGFieldIndexNamesFitAndDiffer(t *testing.T) {
	long := strings.Repeat("very_long_collection_name_", 3) + "_0123abcd"
	a := pgFieldIndexName(long, "actorUsernameThatIsLong")
	b := pgFieldIndexName(long, "actorUsernameThatIsLonger")
	for _, name := range []string{a, b, pgFieldIndexName("users_5e7cc513", "_id"), pgFieldIndexName("t", "Ünïcode field'\"")} {
		if len(name) > pgMaxIdentifier || !strings.HasPrefix(name, ownPrefix) {
			t.Errorf("%q: %d bytes", name, len(name))
		}
	}
	if a == b {
		t.Errorf("two fields, one name: %s", a)
	}
	if got := pgFieldIndexName("users_5e7cc513", "username"); got != pgFieldIndexName("users_5e7cc513", "username") || !strings.HasPrefix(got, "$localdb_users_5e7cc513_username_") {
		t.Errorf("name = %s", got)
	}
	w := pgFieldIndex("app", "users_5e7cc513", "it's")
	want := `CREATE INDEX IF NOT EXISTS "` + w.Name + `" ON "app"."users_5e7cc513" USING gin ((_jsonb->'it''s') jsonb_path_ops) WITH (fastupdate = off)`
	if w.Create != want {
		t.Errorf("create = %s", w.Create)
	}
}

func TestPGWantsIDAndEveryTopLevelFieldOfDeclaredIndexes(t *testing.T) {
	raw := `{"$s": {"p": {"_id": {"t": "string"}}, "$k": ["_id", "uuid", "table", "indexes"]}, "_id": "events", "table": "events_1",
		"indexes": [
			{"key": {"_id": 1}, "name": "_id_", "unique": true, "pgindex": "events_1__id__1_idx"},
			{"key": {"caseId": 1, "seq": 1}, "name": "case_seq_unique", "unique": true, "pgindex": "x"},
			{"key": {"at": 1, "_id": 1, "actor.region": 1}, "name": "actor_region_at", "unique": false, "pgindex": "y"},
			{"key": {"caseId": 1}, "name": "case", "unique": false, "pgindex": "z"}
		], "cappedDocs": 0, "cappedSize": 0}`
	c, err := parsePGCollection([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "events" || c.Table != "events_1" || len(c.Indexes) != 4 {
		t.Fatalf("parsed %+v", c)
	}
	if got := pgIndexedFields(c); !reflect.DeepEqual(got, []string{"_id", "at", "caseId", "seq"}) {
		t.Errorf("fields = %v", got)
	}
	// A collection without declared indexes still gets `_id`.
	if got := pgIndexedFields(pgCollection{Name: "c", Table: "c_1"}); !reflect.DeepEqual(got, []string{"_id"}) {
		t.Errorf("fields = %v", got)
	}
	wanted := pgWantedIndexes("app", []pgCollection{c})
	if len(wanted) != 4 || wanted[0].Table != "events_1" {
		t.Errorf("wanted = %+v", wanted)
	}
	if _, err := parsePGCollection([]byte(`{"_id": "x"}`)); err == nil {
		t.Error("a row without table parsed")
	}
}

func TestPlanScansAndIndexesUsed(t *testing.T) {
	sqlite := []string{"SEARCH users_1 USING INDEX $localdb_users_1_id (<expr>=?)"}
	if planScans(sqlite) || !reflect.DeepEqual(planIndexesUsed(sqlite), []string{"$localdb_users_1_id"}) {
		t.Errorf("sqlite search: %v", planIndexesUsed(sqlite))
	}
	if !planScans([]string{"SCAN users_1"}) || !planScans([]string{"SCAN users_1 USING COVERING INDEX x"}) {
		t.Error("sqlite scan not seen")
	}
	pg := []string{
		"Bitmap Heap Scan on users_1  (cost=8.00..12.02 rows=1 width=32)",
		"  Recheck Cond: ((_jsonb -> '_id'::text) @> '\"u1\"'::jsonb)",
		`  ->  Bitmap Index Scan on "$localdb_users_1__id_b34db3cb"  (cost=0.00..8.00 rows=1 width=0)`,
	}
	if planScans(pg) || !reflect.DeepEqual(planIndexesUsed(pg), []string{"$localdb_users_1__id_b34db3cb"}) {
		t.Errorf("pg bitmap: %v", planIndexesUsed(pg))
	}
	if got := planIndexesUsed([]string{"Index Scan using users_1_idx on users_1"}); !reflect.DeepEqual(got, []string{"users_1_idx"}) {
		t.Errorf("pg index scan: %v", got)
	}
	if !planScans([]string{"Gather", "  ->  Parallel Seq Scan on events_1"}) {
		t.Error("pg seq scan not seen")
	}
}

func TestShortHashIsEightHexDigits(t *testing.T) {
	if h := shortHash("a", "b"); len(h) != 8 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Errorf("hash = %q", h)
	}
	if shortHash("ab", "c") == shortHash("a", "bc") {
		t.Error("parts run together")
	}
}

// scripted is a reconciler whose rounds report the given problems, one list per round, then stop the loop.
type scripted struct {
	rounds [][]problem
	stop   context.CancelFunc
	closed bool
}

func (s *scripted) round(context.Context) []problem {
	if len(s.rounds) == 0 {
		s.stop()
		return nil
	}
	next := s.rounds[0]
	s.rounds = s.rounds[1:]
	return next
}

func (s *scripted) close() { s.closed = true }

func TestRunReconcilerWarnsOnceWhileAFailureLastsAndGoesOn(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	boom := problem{About: "sqlite database app", Err: errors.New("database is locked")}
	r := &scripted{rounds: [][]problem{{boom}, {boom}, {{About: boom.About, Err: errors.New("disk I/O error")}}, {}, {}}, stop: stop}
	var log bytes.Buffer
	firstDone := make(chan struct{})
	runReconciler(ctx, r, time.Millisecond, slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelInfo})), firstDone)
	select {
	case <-firstDone:
	default:
		t.Error("first round not reported done")
	}
	if !r.closed {
		t.Error("not closed")
	}
	out := log.String()
	if strings.Count(out, "level=WARN") != 2 || strings.Count(out, "database is locked") != 1 || strings.Count(out, "disk I/O error") != 1 || strings.Count(out, "indexes in step again") != 1 {
		t.Errorf("log:\n%s", out)
	}
}

func TestRunRefusesAReconcileIntervalThatIsNotPositive(t *testing.T) {
	for _, interval := range []time.Duration{0, -time.Second} {
		err := run("", t.TempDir()+"/db.sock", t.TempDir(), "", "warn", false, maintenance{indexes: true, interval: interval})
		if err == nil || !strings.Contains(err.Error(), "-reconcile-interval must be positive") {
			t.Errorf("interval %s: got %v, want a refusal", interval, err)
		}
	}
}

func TestFerretDBPlansEachPostgreSQLQueryWithItsValues(t *testing.T) {
	got, err := withCustomPlans("postgres://postgres@127.0.0.1:5432/db?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	if got != "postgres://postgres@127.0.0.1:5432/db?plan_cache_mode=force_custom_plan&sslmode=disable" {
		t.Fatalf("got %s", got)
	}
	kept, err := withCustomPlans("postgres://h/db?plan_cache_mode=auto")
	if err != nil {
		t.Fatal(err)
	}
	if kept != "postgres://h/db?plan_cache_mode=auto" {
		t.Fatalf("a plan_cache_mode given is kept, got %s", kept)
	}
}
