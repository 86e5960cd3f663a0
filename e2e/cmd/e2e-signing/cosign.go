package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// cosignRunner runs the real cosign with argv arrays and an environment built from nothing: a
// home, Docker config and TUF cache of this run (so nothing of the machine's user leaks in and a
// TUF fetch, which would need the internet, would be visible in the run folder), and a secret only
// in the variable cosign reads it from, only for the call that needs it.
type cosignRunner struct {
	bin  string
	home string
}

func newCosignRunner(bin, dir string) (*cosignRunner, error) {
	home := filepath.Join(dir, "cosign-home")
	for _, d := range []string{home, filepath.Join(home, "docker"), filepath.Join(home, "tuf")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	return &cosignRunner{bin: bin, home: home}, nil
}

// env is what every cosign call sees. DOCKER_CONFIG points at an empty folder: the registry of
// the suite needs no login. TUF_ROOT must stay empty (checked by the fixture test): a cosign call
// that reached for Sigstore's public TUF repository would have been a network call.
func (c *cosignRunner) env(extra ...string) []string {
	return append([]string{
		"PATH=/usr/bin:/bin",
		"HOME=" + c.home,
		"DOCKER_CONFIG=" + filepath.Join(c.home, "docker"),
		"TUF_ROOT=" + filepath.Join(c.home, "tuf"),
	}, extra...)
}

// run executes cosign in dir; a failure carries cosign's own words.
func (c *cosignRunner) run(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command(c.bin, args...)
	cmd.Dir = dir
	cmd.Env = c.env(env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("cosign %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// generateKeyPair writes <dir>/<name>.key (encrypted with password) and <dir>/<name>.pub. The
// password reaches cosign as COSIGN_PASSWORD, never on the command line.
func (c *cosignRunner) generateKeyPair(dir, name, password string) (keyPair, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return keyPair{}, err
	}
	if _, err := c.run(dir, []string{"COSIGN_PASSWORD=" + password}, "generate-key-pair", "--output-key-prefix", name); err != nil {
		return keyPair{}, err
	}
	return keyPair{Private: filepath.Join(dir, name+".key"), Public: filepath.Join(dir, name+".pub")}, nil
}

// signOffline is the argv that signs without any Sigstore service: the new bundle format (cosign
// 3's default, stored as an OCI referrer), no transparency log and no timestamp authority, which
// cosign 3 spells as a signing config without services, plus a trusted root so that it never
// fetches Sigstore's public one through TUF.
func signOffline(trustedRoot, signingConfig, key string, cert string, image string) []string {
	args := []string{"sign", "--yes", "--key", key}
	if cert != "" {
		args = append(args, "--certificate", cert)
	}
	return append(args, "--signing-config", signingConfig, "--trusted-root", trustedRoot, image)
}

// sign signs image (a reference by digest) with a key, or with a key and its certificate (what a
// keyless signature carries), the key's password in the environment.
func (c *cosignRunner) sign(s *setup, key keyPair, cert, image string) error {
	_, err := c.run(s.dir, []string{"COSIGN_PASSWORD=" + s.password},
		signOffline(s.trustedRoot, s.signingConfig, key.Private, cert, image)...)
	return err
}

// writeSigningConfig writes a signing config with cosign's own `signing-config create`: without
// a service (sign offline with a key) or naming only a Fulcio (keyless, no transparency log).
func (c *cosignRunner) writeSigningConfig(path, fulcio string) error {
	args := []string{"signing-config", "create", "--out", path}
	if fulcio != "" {
		args = append(args, "--fulcio", fulcio)
	}
	_, err := c.run(filepath.Dir(path), nil, args...)
	return err
}
