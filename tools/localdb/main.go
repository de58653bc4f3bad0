// Command localdb serves a MongoDB-compatible database by embedding FerretDB
// v1.24, backed by SQLite (a data directory) or PostgreSQL (a URL), on a Unix
// domain socket (-unix) or, only when asked, a loopback TCP address (-listen).
// FerretDB has no authentication: a socket in a directory only its owner can
// enter keeps other local users out, where a TCP port would not. It prints one
// line, `ready <mongodb-uri>`, on standard output once the listener accepts
// connections (for a socket, the path percent-encoded as the host, as MongoDB
// drivers want it), and stops cleanly on SIGTERM or SIGINT (or, with
// -exit-with-parent, when its standard input closes).
//
// The embedded package is used rather than FerretDB's own command: that binary
// refuses to start without the version file its release build generates.
//
// Beside FerretDB it keeps the filters FerretDB pushes down to its backend
// indexable (reconcile.go): indexes of its own on the exact expressions FerretDB
// queries, checked before `ready` and then every -reconcile-interval, and, on
// SQLite, the write-ahead log bounded. `localdb plans …` prints the plan the
// backend makes for a find (plans.go).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "plans" {
		if err := runPlans(os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "localdb:", err)
			os.Exit(1)
		}
		return
	}

	listen := flag.String("listen", "", "loopback TCP address to listen on (port 0 picks a free port); only when asked")
	unix := flag.String("unix", "", "Unix domain socket to listen on (a path ending in .sock)")
	sqliteDir := flag.String("sqlite-dir", "", "SQLite data directory (selects the SQLite backend)")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL (selects the PostgreSQL backend)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn, error")
	withParent := flag.Bool("exit-with-parent", false, "stop when standard input closes (the parent process has gone)")
	indexes := flag.Bool("pushdown-indexes", true, "keep indexes that serve FerretDB's pushed-down filters (false only to compare without them)")
	interval := flag.Duration("reconcile-interval", 2*time.Second, "how often indexes (and the SQLite log) are brought in line with FerretDB's collections")
	flag.Parse()

	options := maintenance{indexes: *indexes, interval: *interval}
	if err := run(*listen, *unix, *sqliteDir, *postgresURL, *logLevel, *withParent, options); err != nil {
		fmt.Fprintln(os.Stderr, "localdb:", err)
		os.Exit(1)
	}
}

// maintenance is what runs beside FerretDB (see reconcile.go): whether to keep pushdown indexes, and how often.
type maintenance struct {
	indexes  bool
	interval time.Duration
}

// firstRoundWait is the longest the first round may hold back `ready` (building indexes on a large existing
// collection takes a while, and whoever started this program waits for it); the round goes on after it.
const firstRoundWait = 20 * time.Second

func run(listen, unix, sqliteDir, postgresURL, logLevel string, withParent bool, options maintenance) error {
	if options.interval <= 0 {
		return fmt.Errorf("-reconcile-interval must be positive, not %s", options.interval)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level: %w", err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	config := ferretdb.Config{Logger: logger}
	var keeper reconciler
	switch {
	case sqliteDir != "" && postgresURL != "":
		return fmt.Errorf("give either -sqlite-dir or -postgresql-url, not both")
	case sqliteDir != "":
		abs, err := filepath.Abs(sqliteDir)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return err
		}
		config.Handler = "sqlite"
		config.SQLiteURL = sqliteFerretURL(abs)
		keeper = &sqliteReconciler{dir: abs, indexes: options.indexes}
	case postgresURL != "":
		config.Handler = "postgresql"
		ferretURL, err := withCustomPlans(postgresURL)
		if err != nil {
			return fmt.Errorf("bad -postgresql-url: %w", err)
		}
		config.PostgreSQLURL = ferretURL
		if options.indexes {
			r, err := newPGReconciler(postgresURL)
			if err != nil {
				return fmt.Errorf("bad -postgresql-url: %w", err)
			}
			keeper = r
		}
	default:
		return fmt.Errorf("give -sqlite-dir or -postgresql-url")
	}

	var network, addr, uri string
	switch {
	case (listen == "") == (unix == ""):
		return fmt.Errorf("give either -unix or -listen")
	case unix != "":
		if !strings.HasSuffix(unix, ".sock") {
			return fmt.Errorf("-unix must end in .sock, which MongoDB drivers require of a socket")
		}
		network, addr = "unix", unix
		config.Listener.Unix = unix
		uri = "mongodb://" + strings.ReplaceAll(url.PathEscape(unix), "/", "%2F") + "/"
	default:
		// Resolve port 0 to a concrete free port first: FerretDB's MongoDBURI would
		// otherwise block until the listener runs, and callers want the URI up front.
		resolved, err := resolveAddr(listen)
		if err != nil {
			return err
		}
		network, addr = "tcp", resolved
		config.Listener.TCP = resolved
		uri = "mongodb://" + resolved + "/"
	}

	f, err := ferretdb.New(&config)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if withParent {
		// A parent killed with SIGKILL cannot stop us; the closing pipe is how we learn it is gone.
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	if err := waitForListener(ctx, network, addr); err != nil {
		return err
	}
	if keeper != nil {
		firstDone := make(chan struct{})
		go runReconciler(ctx, keeper, options.interval, logger, firstDone)
		select {
		case <-firstDone:
		case <-time.After(firstRoundWait):
			logger.Warn("localdb: indexes still being built; ready before they are")
		case <-ctx.Done():
		}
	}
	fmt.Printf("ready %s\n", uri)

	<-done
	return nil
}

func resolveAddr(listen string) (string, error) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("bad -listen: %w", err)
	}
	if port != "0" {
		return listen, nil
	}
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func waitForListener(ctx context.Context, network, addr string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := net.DialTimeout(network, addr, time.Second)
		if err == nil {
			return conn.Close()
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			return fmt.Errorf("listener on %s did not come up: %w", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
