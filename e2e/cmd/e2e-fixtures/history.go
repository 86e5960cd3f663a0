package main

// The history fixtures (issue 17: an image finding on the Dockerfile line that brought it in):
// images built from the Dockerfiles under e2e/repos with the config history BuildKit writes for
// them, each published like the other fixture images (docker-save tarball, OCI layout, registry)
// and described in <out>/history.json. e2e/HISTORY.md explains what they show.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// historyImage is one fixture build: `docker buildx build -f <Dockerfile> <context>` at Time.
type historyImage struct {
	Name       string // the key in fixtures.json and history.json
	Tagged     string // <repository>:<tag> under container-gate/ (default <Name>:1)
	Repository string // the fixture repository under e2e/repos (history, base, ...)
	Dockerfile string // path inside Repository; its folder is the build context
	BuildArgs  map[string]string
	Labels     map[string]string // --label (docker/metadata-action's labels): no history entry
	Time       time.Time         // the build's clock: layer mtimes, history times
	Layers     []layerStep       // one per layer the last stage makes, in order
	// Provenance is "" (none), "v1" or "v0.2": BuildKit's SLSA provenance in mode=min, pushed in
	// an OCI index with the image.
	Provenance  string
	VCS         vcsInfo
	DropHistory bool // the image config without history, as some tools write it
}

type vcsInfo struct{ Source, Revision, Dir string }

func (s historyImage) tagged() string {
	if s.Tagged != "" {
		return s.Tagged
	}
	return s.Name + ":1"
}

// historyFacts is what history.json says about one fixture image.
type historyFacts struct {
	Repository  string `json:"repository"`            // e2e/repos/<name>, relative to the project
	Dockerfile  string `json:"dockerfile"`            // inside repository
	Base        string `json:"base,omitempty"`        // the fixture image its last FROM names
	BaseRef     string `json:"baseRef,omitempty"`     // that FROM as BuildKit resolved it
	Image       string `json:"image"`                 // digest of the linux/amd64 image manifest
	Index       string `json:"index,omitempty"`       // digest of the OCI index (provenance)
	Attestation string `json:"attestation,omitempty"` // digest of the attestation manifest
	Statement   string `json:"statement,omitempty"`   // file with the in-toto statement
	NoHistory   bool   `json:"noHistory,omitempty"`
}

var (
	historyBaseTime = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	historyAppTime  = time.Date(2026, 2, 2, 14, 30, 0, 0, time.UTC)
	historyRevision = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
)

// historyImages lists the builds in the order they must run (bases first). repos is e2e/repos,
// apt is e2e/history/apt.
func historyImages(repos, apt string) []historyImage {
	app := func(name, tagged string, at time.Time, drop bool) historyImage {
		return historyImage{
			Name: name, Tagged: tagged, Repository: "history", Dockerfile: "services/app/Dockerfile", Time: at, DropHistory: drop,
			Layers: []layerStep{
				mkdirLayer("WORKDIR /srv/app", "/srv/app"),
				aptInstall("RUN |1 DEBIAN_FRONTEND=noninteractive /bin/sh -c apt-get update "+
					"    && apt-get install -y --no-install-recommends libidn2-0 "+
					"    && rm -rf /var/lib/apt/lists/* # buildkit", apt, "libidn2-0"),
				copyTree("COPY app/ ./ # buildkit", repoPath(repos, "history/services/app/app"), "/srv/app", 0, 0),
			},
		}
	}
	api := func(name, version string) historyImage {
		return historyImage{
			Name: name, Repository: "history", Dockerfile: "services/api/Dockerfile", Time: historyAppTime.Add(48 * time.Hour),
			Labels: map[string]string{
				"org.opencontainers.image.source":   "https://github.com/acme/history",
				"org.opencontainers.image.revision": historyRevision,
			},
			Layers: []layerStep{
				copyTree("COPY --chown=65534:65534 api/ /srv/api/ # buildkit", repoPath(repos, "history/services/api/api"), "/srv/api", 65534, 65534),
			},
			Provenance: version,
			VCS:        vcsInfo{Source: "https://github.com/acme/history", Revision: historyRevision, Dir: "services/api"},
		}
	}
	return []historyImage{
		{
			Name: "history-debian", Repository: "base", Dockerfile: "debian/Dockerfile", Time: historyBaseTime,
			Layers: []layerStep{copyTree("ADD rootfs/ / # buildkit", repoPath(repos, "base/debian/rootfs"), "/", 0, 0)},
		},
		{
			Name: "history-debian-idn", Repository: "base", Dockerfile: "debian-idn/Dockerfile", Time: historyBaseTime.Add(24 * time.Hour),
			Layers: []layerStep{aptInstall("RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends libidn2-0 && rm -rf /var/lib/apt/lists/* # buildkit", apt, "libidn2-0")},
		},
		app("history-app", "", historyAppTime, false),
		// The same Dockerfile built again a day later and pushed as the next tag of the same
		// repository: same history, other layer digests.
		app("history-app-rebuilt", "history-app:2", historyAppTime.Add(24*time.Hour), false),
		// The app's layers with the history gone.
		app("history-nohistory", "", historyAppTime, true),
		{
			Name: "history-worker", Repository: "history", Dockerfile: "services/worker/Dockerfile", Time: historyAppTime.Add(time.Hour),
			Layers: []layerStep{
				aptInstall("RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends libidn2-0 # buildkit", apt, "libidn2-0"),
				oneFile("COPY /out/worker /usr/local/bin/worker # buildkit", "/usr/local/bin/worker", "#!/bin/sh\nwhile true; do sleep 60; done\n"),
			},
		},
		api("history-api", "v1"),
		api("history-api-slsa02", "v0.2"),
	}
}

// writeHistoryFixtures builds every history image, publishes it like writeImage does and adds
// it to images; it writes <out>/history.json.
func writeHistoryFixtures(repos, apt, out, registry string, images map[string]imageFiles) error {
	built := localImages{}
	facts := map[string]historyFacts{}
	for _, spec := range historyImages(repos, apt) {
		spec.Dockerfile = filepath.ToSlash(spec.Dockerfile)
		full := spec
		full.Dockerfile = repoPath(repos, spec.Repository, spec.Dockerfile)
		b, err := buildFromDockerfile(full, built)
		if err != nil {
			return fmt.Errorf("history image %s: %w", spec.Name, err)
		}
		ref, err := normalizedRef("container-gate/" + spec.tagged())
		if err != nil {
			return err
		}
		built[ref] = b
		f, files, err := publishHistory(spec, b, built, out, registry)
		if err != nil {
			return fmt.Errorf("history image %s: %w", spec.Name, err)
		}
		facts[spec.Name] = f
		images[spec.Name] = files
	}
	body, err := json.MarshalIndent(facts, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "history.json"), append(body, '\n'), 0o644)
}

// publishHistory writes the image as a docker-save tarball and an OCI layout and pushes it;
// with provenance the layout and the registry get the OCI index, the tarball the image alone
// (docker save has no place for attestations).
func publishHistory(spec historyImage, b *builtImage, built localImages, out, registry string) (historyFacts, imageFiles, error) {
	facts := historyFacts{Repository: "e2e/repos/" + spec.Repository, Dockerfile: spec.Dockerfile, NoHistory: spec.DropHistory}
	imgDigest, err := b.Image.Digest()
	if err != nil {
		return facts, imageFiles{}, err
	}
	facts.Image = imgDigest.String()
	var baseDigest v1.Hash
	if b.BaseRef != "" {
		facts.BaseRef = b.BaseRef
		facts.Base = baseName(b.BaseRef)
		if baseDigest, err = built[b.BaseRef].Image.Digest(); err != nil {
			return facts, imageFiles{}, err
		}
	}

	dir := filepath.Join(out, "images")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return facts, imageFiles{}, err
	}
	files := imageFiles{Tarball: filepath.Join(dir, spec.Name+".tar"), Layout: filepath.Join(dir, spec.Name+"-oci"), Digest: imgDigest.String()}
	tag, err := name.NewTag("container-gate-e2e/" + spec.tagged())
	if err != nil {
		return facts, files, err
	}
	if err := tarball.WriteToFile(files.Tarball, tag, b.Image); err != nil {
		return facts, files, err
	}

	var idx v1.ImageIndex
	if spec.Provenance != "" {
		predicateType, predicate, err := provenanceFor(spec, b.BaseRef, baseDigest)
		if err != nil {
			return facts, files, err
		}
		var statement []byte
		if idx, statement, err = withProvenance(b.Image, tag.String(), predicateType, predicate); err != nil {
			return facts, files, err
		}
		facts.Statement = filepath.Join(dir, spec.Name+"-provenance.json")
		if err := os.WriteFile(facts.Statement, statement, 0o644); err != nil {
			return facts, files, err
		}
		if facts.Index, facts.Attestation, err = indexDigests(idx); err != nil {
			return facts, files, err
		}
		files.Digest = facts.Index
	}

	if err := os.RemoveAll(files.Layout); err != nil {
		return facts, files, err
	}
	lp, err := layout.Write(files.Layout, empty.Index)
	if err != nil {
		return facts, files, err
	}
	refName := layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": "1"})
	if idx != nil {
		err = lp.AppendIndex(idx, refName)
	} else {
		err = lp.AppendImage(b.Image, refName)
	}
	if err != nil {
		return facts, files, err
	}

	if registry != "" {
		files.Reference = registry + "/container-gate/" + spec.tagged()
		ref, err := name.NewTag(files.Reference)
		if err != nil {
			return facts, files, err
		}
		if idx != nil {
			err = remote.WriteIndex(ref, idx)
		} else {
			err = remote.Write(ref, b.Image)
		}
		if err != nil {
			return facts, files, err
		}
	}
	return facts, files, nil
}

// baseName turns docker.io/container-gate/history-debian:1 into history-debian.
func baseName(ref string) string {
	n, err := name.NewTag(ref)
	if err != nil {
		return ref
	}
	return filepath.Base(n.RepositoryStr())
}

func indexDigests(idx v1.ImageIndex) (string, string, error) {
	d, err := idx.Digest()
	if err != nil {
		return "", "", err
	}
	m, err := idx.IndexManifest()
	if err != nil {
		return "", "", err
	}
	for _, desc := range m.Manifests {
		if desc.Annotations[referenceTypeAnnot] == attestationManifestTy {
			return d.String(), desc.Digest.String(), nil
		}
	}
	return "", "", fmt.Errorf("index %s has no attestation manifest", d)
}
