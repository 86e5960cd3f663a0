package main

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// imageSpec is one fixture image: a single layer holding these files.
type imageSpec struct {
	Name  string            // repository path under container-gate/, and file stem
	Files map[string]string // absolute path in the image -> content
}

// writeImage builds the image and writes <out>/images/<name>.tar (docker save) and
// <out>/images/<name>-oci (OCI layout); with a registry it also pushes container-gate/<name>:1.
func writeImage(spec imageSpec, out, registry string) (imageFiles, error) {
	img, err := buildImage(spec)
	if err != nil {
		return imageFiles{}, err
	}
	dir := filepath.Join(out, "images")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return imageFiles{}, err
	}
	digest, err := img.Digest()
	if err != nil {
		return imageFiles{}, err
	}
	files := imageFiles{
		Tarball: filepath.Join(dir, spec.Name+".tar"),
		Layout:  filepath.Join(dir, spec.Name+"-oci"),
		Digest:  digest.String(),
	}

	// The tag inside the tarball is what `docker load` would create; it never names the registry
	// so the files do not depend on the port of this run.
	tag, err := name.NewTag("container-gate-e2e/" + spec.Name + ":1")
	if err != nil {
		return imageFiles{}, err
	}
	if err := tarball.WriteToFile(files.Tarball, tag, img); err != nil {
		return imageFiles{}, err
	}

	if err := os.RemoveAll(files.Layout); err != nil {
		return imageFiles{}, err
	}
	lp, err := layout.Write(files.Layout, empty.Index)
	if err != nil {
		return imageFiles{}, err
	}
	if err := lp.AppendImage(img, layout.WithAnnotations(map[string]string{
		"org.opencontainers.image.ref.name": "1",
	})); err != nil {
		return imageFiles{}, err
	}

	if registry != "" {
		files.Reference = registry + "/container-gate/" + spec.Name + ":1"
		ref, err := name.NewTag(files.Reference)
		if err != nil {
			return imageFiles{}, err
		}
		if err := remote.Write(ref, img); err != nil {
			return imageFiles{}, err
		}
	}
	return files, nil
}

func buildImage(spec imageSpec) (v1.Image, error) {
	layerBytes, err := layerTar(spec.Files)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerBytes)), nil
	})
	if err != nil {
		return nil, err
	}
	img, err := mutate.Append(empty.Image, mutate.Addendum{
		Layer: layer,
		History: v1.History{
			Created:   v1.Time{Time: fixedTime},
			CreatedBy: "COPY rootfs/ / # container-gate e2e fixture " + spec.Name,
		},
	})
	if err != nil {
		return nil, err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", "amd64"
	cfg.Created = v1.Time{Time: fixedTime}
	cfg.Config.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	cfg.Config.Cmd = []string{"/bin/sh"}
	return mutate.ConfigFile(img, cfg)
}

// layerTar writes the files with every parent directory, sorted, with a fixed mtime.
func layerTar(files map[string]string) ([]byte, error) {
	dirs := map[string]bool{}
	var paths []string
	for p := range files {
		rel := strings.TrimPrefix(p, "/")
		paths = append(paths, rel)
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var dirList []string
	for d := range dirs {
		dirList = append(dirList, d)
	}
	sort.Strings(dirList)
	sort.Strings(paths)

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, d := range dirList {
		if err := tw.WriteHeader(&tar.Header{Name: d + "/", Mode: 0o755, ModTime: fixedTime, Typeflag: tar.TypeDir}); err != nil {
			return nil, err
		}
	}
	for _, p := range paths {
		body := files["/"+p]
		hdr := &tar.Header{Name: p, Mode: 0o644, Size: int64(len(body)), ModTime: fixedTime, Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// readImageSpecs turns every sub-folder of dir into one image whose root filesystem is that folder.
func readImageSpecs(dir string) ([]imageSpec, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var specs []imageSpec
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		root := filepath.Join(dir, e.Name())
		spec := imageSpec{Name: e.Name(), Files: map[string]string{}}
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			spec.Files["/"+filepath.ToSlash(rel)] = string(b)
			return nil
		})
		if err != nil {
			return nil, err
		}
		specs = append(specs, spec)
	}
	return specs, nil
}
