package main

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

var fixedTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// loadBase reads the one image of an OCI layout written by e2e-fixtures.
func loadBase(layoutPath string) (v1.Image, error) {
	idx, err := layout.ImageIndexFromPath(layoutPath)
	if err != nil {
		return nil, err
	}
	m, err := idx.IndexManifest()
	if err != nil {
		return nil, err
	}
	if len(m.Manifests) != 1 {
		return nil, fmt.Errorf("%s: expected one image, found %d", layoutPath, len(m.Manifests))
	}
	return idx.Image(m.Manifests[0].Digest)
}

// pushVariant pushes base plus a layer holding /etc/container-gate-fixture (the fixture's name),
// so every signing fixture has a digest of its own: a signature belongs to a digest, and one
// image signed for one scenario must not look signed in another. The base is the clean Alpine
// image, so a scan of any of them finds nothing and only the signature decides.
func pushVariant(base v1.Image, fixture, reference string) (string, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	body := []byte(fixture + "\n")
	for _, h := range []*tar.Header{
		{Name: "etc/", Mode: 0o755, ModTime: fixedTime, Typeflag: tar.TypeDir},
		{Name: "etc/container-gate-fixture", Mode: 0o644, Size: int64(len(body)), ModTime: fixedTime, Typeflag: tar.TypeReg},
	} {
		if err := tw.WriteHeader(h); err != nil {
			return "", err
		}
	}
	if _, err := tw.Write(body); err != nil {
		return "", err
	}
	if err := tw.Close(); err != nil {
		return "", err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(buf.Bytes())), nil
	})
	if err != nil {
		return "", err
	}
	img, err := mutate.Append(base, mutate.Addendum{
		Layer:   layer,
		History: v1.History{Created: v1.Time{Time: fixedTime}, CreatedBy: "COPY fixture /etc/container-gate-fixture # " + fixture},
	})
	if err != nil {
		return "", err
	}
	tag, err := name.NewTag(reference)
	if err != nil {
		return "", err
	}
	if err := remote.Write(tag, img); err != nil {
		return "", err
	}
	digest, err := img.Digest()
	if err != nil {
		return "", err
	}
	return digest.String(), nil
}
