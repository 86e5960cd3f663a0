package main

// What each layer of the history fixtures holds. BuildKit would run the instruction; here each
// layer-making instruction of a fixture Dockerfile has a layerStep that writes what the
// instruction would have written: the context's files for COPY/ADD, the directory for WORKDIR,
// the package's files and the rewritten dpkg database for RUN apt-get install.

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// fsEntry is one path of a layer (or of the merged filesystem below it).
type fsEntry struct {
	Body string
	Mode int64
	Dir  bool
	UID  int
	GID  int
}

// rootFS is the merged filesystem of the layers built so far, by absolute path.
type rootFS map[string]fsEntry

// layerStep makes the layer of one history entry. CreatedBy is what BuildKit must have written
// for it: the builder refuses a fixture whose table and Dockerfile drift apart.
type layerStep struct {
	CreatedBy string
	Files     func(below rootFS) (rootFS, error)
}

// copyTree is COPY/ADD of a directory of the build context: its files land under dest.
func copyTree(createdBy, srcDir, dest string, uid, gid int) layerStep {
	return layerStep{CreatedBy: createdBy, Files: func(rootFS) (rootFS, error) {
		out := rootFS{}
		err := filepath.WalkDir(srcDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(srcDir, p)
			if err != nil {
				return err
			}
			out[path.Join(dest, filepath.ToSlash(rel))] = fsEntry{Body: string(b), Mode: int64(info.Mode().Perm()), UID: uid, GID: gid}
			return nil
		})
		return out, err
	}}
}

// oneFile is COPY of a single file (COPY --from=<stage> of what an earlier stage built).
func oneFile(createdBy, dest, body string) layerStep {
	return layerStep{CreatedBy: createdBy, Files: func(rootFS) (rootFS, error) {
		return rootFS{dest: {Body: body, Mode: 0o755}}, nil
	}}
}

// mkdirLayer is WORKDIR of a directory that does not exist yet: BuildKit makes it (with its
// parents) in a layer of its own.
func mkdirLayer(createdBy, dir string) layerStep {
	return layerStep{CreatedBy: createdBy, Files: func(rootFS) (rootFS, error) {
		return rootFS{dir: {Dir: true, Mode: 0o755}}, nil
	}}
}

// aptInstall is RUN apt-get install of packages from e2e/history/apt/<name>: the package's files,
// its dpkg file list, and /var/lib/dpkg/status rewritten whole with the package's stanza added,
// as dpkg does (so the layer carries every package's entry again, the base's too; Trivy still
// attributes the base's packages to the base layer because it takes the first layer a package
// appears in).
func aptInstall(createdBy, aptDir string, pkgs ...string) layerStep {
	return layerStep{CreatedBy: createdBy, Files: func(below rootFS) (rootFS, error) {
		status, ok := below["/var/lib/dpkg/status"]
		if !ok {
			return nil, fmt.Errorf("apt-get install %v: no /var/lib/dpkg/status below", pkgs)
		}
		stanzas := splitStanzas(status.Body)
		out := rootFS{}
		for _, pkg := range pkgs {
			dir := filepath.Join(aptDir, pkg)
			stanza, err := os.ReadFile(filepath.Join(dir, "status"))
			if err != nil {
				return nil, err
			}
			stanzas = append(stanzas, strings.TrimRight(string(stanza), "\n"))
			files, err := copyTree("", filepath.Join(dir, "files"), "/", 0, 0).Files(below)
			if err != nil {
				return nil, err
			}
			var list []string
			for p, e := range files {
				out[p] = e
				list = append(list, p)
			}
			sort.Strings(list)
			out["/var/lib/dpkg/info/"+pkg+":amd64.list"] = fsEntry{Body: strings.Join(list, "\n") + "\n", Mode: 0o644}
		}
		// dpkg writes the database sorted by package name.
		sort.SliceStable(stanzas, func(i, j int) bool { return stanzaName(stanzas[i]) < stanzaName(stanzas[j]) })
		out["/var/lib/dpkg/status"] = fsEntry{Body: strings.Join(stanzas, "\n\n") + "\n\n", Mode: 0o644}
		return out, nil
	}}
}

func splitStanzas(status string) []string {
	var out []string
	for _, s := range strings.Split(strings.Trim(status, "\n"), "\n\n") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func stanzaName(stanza string) string {
	first, _, _ := strings.Cut(stanza, "\n")
	return strings.TrimPrefix(first, "Package: ")
}

// layerFromFiles packs the files (with every parent directory, sorted, all stamped mtime) as a
// gzip-compressed OCI layer. mtime is the build's clock: the same instruction built at another
// time gives another layer digest, as a real rebuild without cache does.
func layerFromFiles(files rootFS, mtime time.Time) (v1.Layer, error) {
	entries := map[string]fsEntry{}
	for p, e := range files {
		rel := strings.TrimPrefix(p, "/")
		entries[rel] = e
		for d := path.Dir(rel); d != "." && d != "/"; d = path.Dir(d) {
			if _, ok := entries[d]; !ok {
				entries[d] = fsEntry{Dir: true, Mode: 0o755}
			}
		}
	}
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	sort.Strings(names)

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, n := range names {
		e := entries[n]
		hdr := &tar.Header{Name: n, Mode: e.Mode, ModTime: mtime, Uid: e.UID, Gid: e.GID, Format: tar.FormatPAX}
		if e.Dir {
			hdr.Name, hdr.Typeflag = n+"/", tar.TypeDir
		} else {
			hdr.Typeflag, hdr.Size = tar.TypeReg, int64(len(e.Body))
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if !e.Dir {
			if _, err := tw.Write([]byte(e.Body)); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	}, tarball.WithMediaType(types.OCILayer))
}
