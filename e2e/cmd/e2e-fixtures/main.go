// Command e2e-fixtures builds everything the end-to-end suite scans, without Docker and without
// the internet:
//
//   - a real Trivy vulnerability DB (BoltDB loaded from Trivy's own YAML test fixtures with
//     github.com/aquasecurity/bolt-fixtures, as Trivy's integration tests do) plus metadata.json,
//     packed as db.tar.gz the way ghcr.io/aquasecurity/trivy-db:2 ships it;
//   - small container images whose filesystems carry real OS package databases chosen to match
//     the advisories in that DB, written as a `docker save` tarball and as an OCI layout.
//
// With -registry it also pushes the DB as Trivy's OCI artifact and the images to that registry.
//
// Usage:
//
//	e2e-fixtures -db-fixtures __fixtures__/shared/fixtures/trivy/db -images e2e/images -out DIR [-registry 127.0.0.1:PORT]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
)

// manifest is written to <out>/fixtures.json so the tests find every artifact by name.
type manifest struct {
	DB       dbInfo                `json:"db"`
	Images   map[string]imageFiles `json:"images"`
	Registry string                `json:"registry,omitempty"`
}

type dbInfo struct {
	Archive    string `json:"archive"`
	Repository string `json:"repository,omitempty"`
}

type imageFiles struct {
	Tarball   string `json:"tarball"`
	Layout    string `json:"layout"`
	Reference string `json:"reference,omitempty"`
	Digest    string `json:"digest"`
}

// The history fixtures' inputs (history.go); empty leaves them out.
var historyRepos, historyApt string

func main() {
	dbFixtures := flag.String("db-fixtures", "", "folder of Trivy DB YAML fixtures (bolt-fixtures format)")
	images := flag.String("images", "", "folder with one sub-folder per image, each the image's root filesystem")
	out := flag.String("out", "", "output folder")
	registry := flag.String("registry", "", "host:port of a plain-HTTP registry to push to (optional)")
	flag.StringVar(&historyRepos, "history-repos", "", "e2e/repos: also build the history fixtures (history.go) from its Dockerfiles")
	flag.StringVar(&historyApt, "history-apt", "", "e2e/history/apt: the packages the history fixtures install")
	flag.Parse()
	if *dbFixtures == "" || *images == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dbFixtures, *images, *out, *registry); err != nil {
		log.Fatal(err)
	}
}

func run(dbFixtures, imagesDir, out, registry string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	m := manifest{Images: map[string]imageFiles{}, Registry: registry}

	archive, err := buildDB(dbFixtures, out)
	if err != nil {
		return fmt.Errorf("trivy db: %w", err)
	}
	m.DB.Archive = archive
	if registry != "" {
		m.DB.Repository = registry + "/aquasecurity/trivy-db:2"
		if err := pushDB(archive, m.DB.Repository); err != nil {
			return fmt.Errorf("push trivy db: %w", err)
		}
	}

	specs, err := readImageSpecs(imagesDir)
	if err != nil {
		return err
	}
	for _, spec := range specs {
		files, err := writeImage(spec, out, registry)
		if err != nil {
			return fmt.Errorf("image %s: %w", spec.Name, err)
		}
		m.Images[spec.Name] = files
	}

	if historyRepos != "" {
		if err := writeHistoryFixtures(historyRepos, historyApt, out, registry, m.Images); err != nil {
			return err
		}
	}

	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "fixtures.json"), append(b, '\n'), 0o644)
}
