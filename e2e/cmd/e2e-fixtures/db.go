package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	fixtures "github.com/aquasecurity/bolt-fixtures"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The media types of ghcr.io/aquasecurity/trivy-db:2 as published by trivy-db's release job
// (`oras push --artifact-type application/vnd.aquasec.trivy.config.v1+json ... db.tar.gz:<layer type>`):
// an OCI image manifest with an artifactType, the OCI empty config and one titled layer. Trivy's
// pkg/oci accepts exactly one layer and names the downloaded file after its title annotation.
const (
	dbArtifactType  = "application/vnd.aquasec.trivy.config.v1+json"
	dbLayerType     = "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip"
	emptyConfigType = "application/vnd.oci.empty.v1+json"
	titleAnnotation = "org.opencontainers.image.title"
	dbSchemaVersion = 2
)

// fixedTime keeps the fixtures reproducible; the DB's NextUpdate lies far in the future so a
// cached copy never looks stale and Trivy never tries to refresh it from the network.
var (
	fixedTime  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	nextUpdate = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
)

// dbMetadata mirrors trivy-db's pkg/metadata.Metadata.
type dbMetadata struct {
	Version      int       `json:"Version"`
	NextUpdate   time.Time `json:"NextUpdate"`
	UpdatedAt    time.Time `json:"UpdatedAt"`
	DownloadedAt time.Time `json:"DownloadedAt"`
}

// buildDB loads every *.yaml under dir into a fresh trivy.db and packs it with metadata.json as
// <out>/db.tar.gz. It returns the archive path.
func buildDB(dir, out string) (string, error) {
	yamls, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return "", err
	}
	if len(yamls) == 0 {
		return "", fmt.Errorf("no *.yaml fixtures in %s", dir)
	}
	sort.Strings(yamls)

	work := filepath.Join(out, "db")
	if err := os.RemoveAll(work); err != nil {
		return "", err
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return "", err
	}
	dbPath := filepath.Join(work, "trivy.db")
	loader, err := fixtures.New(dbPath, yamls)
	if err != nil {
		return "", err
	}
	if err := loader.Load(); err != nil {
		_ = loader.Close()
		return "", err
	}
	if err := loader.Close(); err != nil {
		return "", err
	}

	meta, err := json.Marshal(dbMetadata{Version: dbSchemaVersion, NextUpdate: nextUpdate, UpdatedAt: fixedTime})
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(work, "metadata.json"), meta, 0o644); err != nil {
		return "", err
	}

	archive := filepath.Join(out, "db.tar.gz")
	if err := tarGz(archive, work, []string{"trivy.db", "metadata.json"}); err != nil {
		return "", err
	}
	return archive, nil
}

func tarGz(dest, dir string, names []string) error {
	f, err := os.Create(dest)
	if err != nil {
		return err
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		hdr := &tar.Header{Name: n, Mode: 0o644, Size: int64(len(b)), ModTime: fixedTime, Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(b); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return f.Close()
}

// rawManifest lets remote.Put upload a hand-written manifest (ggcr's mutate cannot produce the
// OCI empty config that oras writes).
type rawManifest struct {
	body      []byte
	mediaType types.MediaType
}

func (r rawManifest) RawManifest() ([]byte, error)        { return r.body, nil }
func (r rawManifest) MediaType() (types.MediaType, error) { return r.mediaType, nil }

// pushDB uploads the archive as Trivy's DB artifact to ref (e.g. 127.0.0.1:5000/aquasecurity/trivy-db:2).
func pushDB(archive, ref string) error {
	tag, err := name.NewTag(ref)
	if err != nil {
		return err
	}
	layer, err := tarball.LayerFromFile(archive, tarball.WithMediaType(dbLayerType))
	if err != nil {
		return err
	}
	config := static.NewLayer([]byte("{}"), emptyConfigType)
	for _, l := range []v1.Layer{layer, config} {
		if err := remote.WriteLayer(tag.Repository, l); err != nil {
			return err
		}
	}
	desc := func(l v1.Layer, mt types.MediaType, ann map[string]string) (v1.Descriptor, error) {
		d, err := l.Digest()
		if err != nil {
			return v1.Descriptor{}, err
		}
		s, err := l.Size()
		if err != nil {
			return v1.Descriptor{}, err
		}
		return v1.Descriptor{MediaType: mt, Digest: d, Size: s, Annotations: ann}, nil
	}
	cfg, err := desc(config, emptyConfigType, nil)
	if err != nil {
		return err
	}
	lay, err := desc(layer, dbLayerType, map[string]string{titleAnnotation: "db.tar.gz"})
	if err != nil {
		return err
	}
	m := v1.Manifest{
		SchemaVersion: 2,
		MediaType:     types.OCIManifestSchema1,
		ArtifactType:  dbArtifactType,
		Config:        cfg,
		Layers:        []v1.Descriptor{lay},
		Annotations:   map[string]string{"org.opencontainers.image.created": fixedTime.Format(time.RFC3339)},
	}
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return remote.Put(tag, rawManifest{body: body, mediaType: types.OCIManifestSchema1})
}
