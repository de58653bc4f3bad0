package main

// The reconciler keeps indexes of this program's own beside FerretDB's, so that the filters FerretDB pushes
// down to its backend can be answered through an index (FerretDB v1.24 creates indexes its own pushed-down
// SQL cannot use; see sqlite.go and postgresql.go for each backend's expressions). It runs once at start and
// then every interval: it reads FerretDB's metadata, works out the indexes wanted, creates the missing ones and
// drops its own that nothing wants any more. FerretDB never learns of them: they are not in its metadata, so
// listIndexes does not show them and MongoDB clients see no difference.

import (
	"context"
	"errors"
	"hash/fnv"
	"log/slog"
	"slices"
	"strings"
	"time"
)

// ownPrefix starts the name of every index this program makes, and no index FerretDB makes: FerretDB names an
// index after its table (PostgreSQL: a lower-case letter first; SQLite: the collection's name, which MongoDB
// does not let begin with `$`), so names with this prefix are this program's to create and drop.
const ownPrefix = "$localdb_"

// wantedIndex is an index the reconciler should find on a table: Name is unique in its database (a SQLite file
// or a PostgreSQL schema) and Create is the statement that makes it.
type wantedIndex struct {
	Table  string
	Name   string
	Create string
}

// presentIndex is an index of this program's (named with ownPrefix) found in the backend's catalog; Valid is
// false for a PostgreSQL index whose build failed half-way, which must be dropped and built again.
type presentIndex struct {
	Table string
	Name  string
	Valid bool
}

// planIndexes compares what is wanted with what is there: the wanted indexes that are missing (or present but
// invalid), and the present ones to drop (nothing wants them, or they are invalid), both sorted by name.
// Only indexes named with ownPrefix are ever dropped.
func planIndexes(wanted []wantedIndex, present []presentIndex) (create []wantedIndex, drop []presentIndex) {
	valid := map[string]bool{}
	for _, p := range present {
		if strings.HasPrefix(p.Name, ownPrefix) {
			valid[p.Name] = p.Valid
		}
	}
	want := map[string]bool{}
	for _, w := range wanted {
		if want[w.Name] {
			continue
		}
		want[w.Name] = true
		if !valid[w.Name] {
			create = append(create, w)
		}
	}
	for _, p := range present {
		if strings.HasPrefix(p.Name, ownPrefix) && (!want[p.Name] || !p.Valid) {
			drop = append(drop, p)
		}
	}
	slices.SortFunc(create, func(a, b wantedIndex) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(drop, func(a, b presentIndex) int { return strings.Compare(a.Name, b.Name) })
	return create, drop
}

// shortHash is 8 hex digits of FNV-1a over the parts (NUL-separated), to keep a shortened name unique.
func shortHash(parts ...string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(strings.Join(parts, "\x00")))
	const digits = "0123456789abcdef"
	sum := h.Sum32()
	out := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		out[i] = digits[sum&0xf]
		sum >>= 4
	}
	return string(out)
}

// reconciler is one backend's side of the work: one round of reading FerretDB's metadata and bringing the
// indexes (and, on SQLite, the size of the write-ahead log) in line. A round reports what failed as problems,
// each keyed by what it concerns (a database, or a table) so that the loop can tell a new failure from one it
// has already reported; a round goes on past a failure, and the next round tries again.
type reconciler interface {
	round(ctx context.Context) []problem
	close()
}

// problem is one failure of a round: About names what failed (stable from round to round), Err why.
type problem struct {
	About string
	Err   error
}

// runReconciler runs rounds until ctx ends: the first at once, closing firstDone when it is over, then one
// every interval after the last ended. A failure is logged as a warning once while it lasts (again if its
// message changes), and its end at info level; nothing here stops the database.
func runReconciler(ctx context.Context, r reconciler, interval time.Duration, logger *slog.Logger, firstDone chan<- struct{}) {
	defer r.close()
	failing := map[string]string{}
	for first := true; ; first = false {
		seen := map[string]bool{}
		for _, p := range r.round(ctx) {
			if ctx.Err() != nil {
				break
			}
			seen[p.About] = true
			if failing[p.About] != p.Err.Error() {
				failing[p.About] = p.Err.Error()
				logger.Warn("localdb: keeping pushed-down filters indexable failed; retrying", slog.String("about", p.About), slog.String("error", p.Err.Error()))
			}
		}
		for about := range failing {
			if !seen[about] {
				delete(failing, about)
				logger.Info("localdb: indexes in step again", slog.String("about", about))
			}
		}
		if first {
			close(firstDone)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// errGone tells a round that what it was working on went away meanwhile (a collection or database dropped
// between reading the metadata and using it): not a failure, the next round sees the new state.
var errGone = errors.New("gone")
