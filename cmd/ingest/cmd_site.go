package main

import (
	"context"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// runSite dispatches `ingest site show|learn`.
func runSite(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return usagef("site: give a subcommand: show HOST, or learn [HOST]")
	}
	switch args[0] {
	case "show":
		return runSiteShow(ctx, e, args[1:])
	case "learn":
		return runSiteLearn(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(e.stdout, "usage: ingest site show [--db FILE] HOST\n       ingest site learn [--db FILE] [--config FILE] [HOST...]")
		return nil
	}
	return usagef("site: unknown subcommand %q (want show or learn)", args[0])
}

// runSiteShow prints the learned model of a site as a site profile for the
// config file.
func runSiteShow(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "site show", "[--db FILE] HOST")
	db := fs.String("db", "", "archive database file (default ./archive.db, or $INGEST_DB)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("site show: give exactly one host")
	}
	host := strings.ToLower(strings.TrimSpace(fs.Arg(0)))
	archive, err := openArchive(dbPath(*db), true)
	if err != nil {
		return err
	}
	defer archive.Close()
	ms, err := archive.SiteModels(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Host == host {
			return writeProfile(e, m)
		}
	}
	var hosts []string
	for _, m := range ms {
		hosts = append(hosts, m.Host)
	}
	if len(hosts) == 0 {
		return fmt.Errorf("site show: %s holds no site model yet (crawl a site, or run 'ingest site learn')", archive.Path())
	}
	return fmt.Errorf("site show: no model for %q in %s (known: %s)", host, archive.Path(), strings.Join(hosts, ", "))
}

// writeProfile prints a model in the shape of the config file's sites
// section, so that it can be edited and put into --config.
func writeProfile(e env, m storage.SiteModel) error {
	out, err := yaml.Marshal(map[string]map[string]normalize.ProfileSpec{
		"sites": {m.Host: {SiteRules: m.Rules}},
	})
	if err != nil {
		return fmt.Errorf("site show: %w", err)
	}
	fmt.Fprintf(e.stdout, "# Site model of %s, learned on %s from %d pages.\n", m.Host, m.LearnedAt.Format("2006-01-02 15:04 MST"), m.Pages)
	fmt.Fprintln(e.stdout, "# Put it (edited) into --config: the config's rules replace the learned ones.")
	_, err = e.stdout.Write(out)
	return err
}

// runSiteLearn relearns the models of the given sites (all by default) and
// re-extracts their stored raw pages, without the network.
func runSiteLearn(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "site learn", "[--db FILE] [--config FILE] [HOST...]")
	var rf rebuildFlags
	rf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	archive, cfg, logger, err := rf.open(e)
	if err != nil {
		return err
	}
	defer archive.Close()
	hosts := fs.Args()
	if len(hosts) == 0 {
		if hosts, err = archive.FactHosts(ctx); err != nil {
			return err
		}
		if len(hosts) == 0 {
			return fmt.Errorf("site learn: %s holds no pages to learn from (crawl a site first)", archive.Path())
		}
	}
	models := newSiteModels()
	opts := normalize.Options{Profiles: cfg.Profiles}
	for _, h := range hosts {
		h = strings.ToLower(strings.TrimSpace(h))
		r, err := learnSite(ctx, archive, h, opts, models, true, logger)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("site learn: %w, what was done is saved", errInterrupted)
			}
			return err
		}
		if r.Pages < minLearnPages {
			fmt.Fprintf(e.stdout, "site model %s: %d pages, too few to learn from (at least %d)\n", h, r.Pages, minLearnPages)
			continue
		}
		fmt.Fprintln(e.stdout, r.String())
	}
	return nil
}
