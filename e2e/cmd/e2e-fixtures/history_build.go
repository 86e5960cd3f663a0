package main

// Builds an image from a Dockerfile the way BuildKit records it, without running anything: the
// image config (history, env, workdir, user, labels, the base image's config and history) is
// the one BuildKit's own Dockerfile frontend (dockerfile2llb, BuildKit v0.34.2 from go.mod)
// produces for the Dockerfile, and the exporter's last touches (rootfs, the created times of
// history entries and of the image) follow exporter/containerimage/writer.go of the same
// version. Only the layers' contents are ours (layerStep), one per history entry that says it
// made a layer.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/containerd/platforms"
	"github.com/distribution/reference"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerui"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

var fixturePlatform = ocispecs.Platform{OS: "linux", Architecture: "amd64"}

// builtImage is a fixture image with the merged filesystem of its layers (later builds on top
// of it read its dpkg database from there).
type builtImage struct {
	Image v1.Image
	FS    rootFS
	// BaseRef is the fixture image the last stage's FROM resolved to (docker.io/container-gate/
	// history-debian:1), empty for FROM scratch.
	BaseRef string
}

// localImages answers BuildKit's FROM lookups from the fixture images built so far, by their
// normalized reference (docker.io/container-gate/history-debian:1).
type localImages map[string]*builtImage

func (l localImages) ResolveImageConfig(_ context.Context, ref string, _ sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	b, ok := l[ref]
	if !ok {
		return "", "", nil, fmt.Errorf("%s: not a fixture image built before this one", ref)
	}
	cfg, err := b.Image.RawConfigFile()
	if err != nil {
		return "", "", nil, err
	}
	d, err := b.Image.Digest()
	if err != nil {
		return "", "", nil, err
	}
	return ref, digest.Digest(d.String()), cfg, nil
}

// convertDockerfile runs BuildKit's Dockerfile frontend on the file and returns the image config
// it makes for the target (last) stage, and the config of that stage's base image.
func convertDockerfile(dockerfile string, buildArgs, labels map[string]string, bases localImages) (*dockerfile2llb.Result, error) {
	dt, err := os.ReadFile(dockerfile)
	if err != nil {
		return nil, err
	}
	p := fixturePlatform
	return dockerfile2llb.Dockerfile2LLB(context.Background(), dt, dockerfile2llb.ConvertOpt{
		Config: dockerui.Config{
			BuildArgs:      buildArgs,
			Labels:         labels,
			BuildPlatforms: []ocispecs.Platform{p},
		},
		TargetPlatform: &p,
		MetaResolver:   bases,
	})
}

// buildFromDockerfile builds spec on its base images: BuildKit's config, the base's layers, then
// one layer per new history entry that made one.
func buildFromDockerfile(spec historyImage, bases localImages) (*builtImage, error) {
	res, err := convertDockerfile(spec.Dockerfile, spec.BuildArgs, spec.Labels, bases)
	if err != nil {
		return nil, err
	}
	img := *res.Image

	// The base: the image the last stage's FROM names (scratch has none).
	var base *builtImage
	var baseRef string
	var layers []v1.Layer
	fsys := rootFS{}
	baseHistory := 0
	if res.BaseImage != nil && len(res.BaseImage.RootFS.DiffIDs) > 0 {
		for ref, b := range bases {
			if cfg, _ := b.Image.ConfigFile(); cfg != nil && sameDiffIDs(cfg.RootFS.DiffIDs, res.BaseImage.RootFS.DiffIDs) {
				base, baseRef = b, ref
			}
		}
		if base == nil {
			return nil, fmt.Errorf("%s: the base image is not a fixture image", spec.Name)
		}
		if layers, err = base.Image.Layers(); err != nil {
			return nil, err
		}
		fsys = cloneFS(base.FS)
		baseHistory = len(res.BaseImage.History)
	}

	// The new history entries that made a layer, in order, must be exactly the table's.
	var made []string
	for _, h := range img.History[baseHistory:] {
		if !h.EmptyLayer {
			made = append(made, h.CreatedBy)
		}
	}
	if len(made) != len(spec.Layers) {
		return nil, fmt.Errorf("%s: BuildKit made %d layers (%q), the table has %d", spec.Name, len(made), made, len(spec.Layers))
	}
	var layerTimes []time.Time
	for i, step := range spec.Layers {
		if made[i] != step.CreatedBy {
			return nil, fmt.Errorf("%s: layer %d is %q in BuildKit's history, the table says %q", spec.Name, i+1, made[i], step.CreatedBy)
		}
		files, err := step.Files(fsys)
		if err != nil {
			return nil, fmt.Errorf("%s: layer %d: %w", spec.Name, i+1, err)
		}
		at := spec.Time.Add(time.Duration(i+1) * 7 * time.Second)
		layer, err := layerFromFiles(files, at)
		if err != nil {
			return nil, err
		}
		for p, e := range files {
			fsys[p] = e
		}
		layers = append(layers, layer)
		layerTimes = append(layerTimes, at)
	}

	raw, err := exportConfig(img, layers, baseHistory, layerTimes, spec.DropHistory)
	if err != nil {
		return nil, err
	}
	out, err := assemble(raw, layers, nil)
	if err != nil {
		return nil, err
	}
	return &builtImage{Image: out, FS: fsys, BaseRef: baseRef}, nil
}

// exportConfig does what BuildKit's image exporter does to the frontend's config
// (normalizeLayersAndHistory and patchImageConfig in exporter/containerimage/writer.go): rootfs
// from the layers, each new layer's history entry dated when its layer was made, the metadata
// entries dated by the layer times around them, and the image's created time the last entry's.
// dropHistory then removes the history, as some other tools' images have none.
func exportConfig(img dockerspec.DockerOCIImage, layers []v1.Layer, baseHistory int, layerTimes []time.Time, dropHistory bool) ([]byte, error) {
	history := slices.Clone(img.History)
	next := 0
	for i := baseHistory; i < len(history); i++ {
		if !history[i].EmptyLayer && history[i].Created == nil {
			t := layerTimes[next]
			history[i].Created = &t
			next++
		}
	}
	fillCreated(history)

	raw, err := json.Marshal(img)
	if err != nil {
		return nil, err
	}
	m := map[string]json.RawMessage{}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	rootfs := ocispecs.RootFS{Type: "layers"}
	for _, l := range layers {
		d, err := l.DiffID()
		if err != nil {
			return nil, err
		}
		rootfs.DiffIDs = append(rootfs.DiffIDs, digest.Digest(d.String()))
	}
	set := func(key string, v any) error {
		b, err := json.Marshal(v)
		m[key] = b
		return err
	}
	if err := set("rootfs", rootfs); err != nil {
		return nil, err
	}
	if err := set("history", history); err != nil {
		return nil, err
	}
	if _, ok := m["created"]; !ok {
		var last *time.Time
		for _, h := range history {
			if h.Created != nil {
				last = h.Created
			}
		}
		if err := set("created", last); err != nil {
			return nil, err
		}
	}
	if dropHistory {
		delete(m, "history")
	}
	return json.Marshal(m)
}

// fillCreated gives every history entry without a time one, as BuildKit's exporter does: the
// first new layer's time until a dated entry follows an undated one, then the time of the last
// dated entry before it.
func fillCreated(history []ocispecs.History) {
	var created *time.Time
	var noCreatedTime bool
	for _, h := range history {
		if h.Created != nil {
			created = h.Created
			if noCreatedTime {
				break
			}
		} else {
			noCreatedTime = true
		}
	}
	noCreatedTime = false
	for i, h := range history {
		if h.Created != nil {
			if noCreatedTime {
				created = h.Created
			}
		} else {
			noCreatedTime = true
			h.Created = created
		}
		history[i] = h
	}
}

// ociImage is an image given by its raw config and its layers, with an OCI manifest: the bytes
// of the config are exactly the ones exportConfig wrote (a round trip through go-containerregistry's
// ConfigFile would reorder and add fields).
type ociImage struct {
	config   []byte
	layers   []v1.Layer
	manifest []byte
}

// layerAnnotations go on every layer descriptor (the attestation manifest's predicate type).
func assemble(config []byte, layers []v1.Layer, layerAnnotations map[string]string) (v1.Image, error) {
	m := ocispecs.Manifest{
		MediaType: ocispecs.MediaTypeImageManifest,
		Config: ocispecs.Descriptor{
			MediaType: ocispecs.MediaTypeImageConfig,
			Digest:    digest.FromBytes(config),
			Size:      int64(len(config)),
		},
	}
	m.SchemaVersion = 2
	for _, l := range layers {
		d, err := l.Digest()
		if err != nil {
			return nil, err
		}
		size, err := l.Size()
		if err != nil {
			return nil, err
		}
		mt, err := l.MediaType()
		if err != nil {
			return nil, err
		}
		m.Layers = append(m.Layers, ocispecs.Descriptor{MediaType: string(mt), Digest: digest.Digest(d.String()), Size: size, Annotations: layerAnnotations})
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return partial.CompressedToImage(&ociImage{config: config, layers: layers, manifest: raw})
}

func (i *ociImage) RawConfigFile() ([]byte, error)      { return i.config, nil }
func (i *ociImage) MediaType() (types.MediaType, error) { return types.OCIManifestSchema1, nil }
func (i *ociImage) RawManifest() ([]byte, error)        { return i.manifest, nil }

// Descriptor is how an index names this image: media type, digest and size only. BuildKit's
// index descriptors carry no artifactType (go-containerregistry would derive one otherwise).
func (i *ociImage) Descriptor() (*v1.Descriptor, error) {
	d, size, err := v1.SHA256(bytes.NewReader(i.manifest))
	if err != nil {
		return nil, err
	}
	return &v1.Descriptor{MediaType: types.OCIManifestSchema1, Digest: d, Size: size}, nil
}

func (i *ociImage) LayerByDigest(h v1.Hash) (partial.CompressedLayer, error) {
	for _, l := range i.layers {
		if d, err := l.Digest(); err == nil && d == h {
			return l, nil
		}
	}
	return nil, fmt.Errorf("no layer %s", h)
}

func sameDiffIDs(a []v1.Hash, b []digest.Digest) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].String() != b[i].String() {
			return false
		}
	}
	return true
}

func cloneFS(in rootFS) rootFS {
	out := make(rootFS, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// normalizedRef is how BuildKit names a FROM image when it resolves it
// (docker.io/container-gate/history-debian:1).
func normalizedRef(name string) (string, error) {
	ref, err := reference.ParseNormalizedNamed(name)
	if err != nil {
		return "", err
	}
	return reference.TagNameOnly(ref).String(), nil
}

// platformString is linux/amd64.
func platformString() string { return platforms.Format(fixturePlatform) }

// repoPath joins a path under the fixture repositories folder.
func repoPath(repos string, parts ...string) string {
	return filepath.Join(append([]string{repos}, parts...)...)
}
