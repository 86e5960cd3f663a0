package main

// The provenance attestation BuildKit attaches to a pushed image, built with BuildKit's own code
// where it is exported: the SLSA predicate by provenance.NewPredicate (what `docker buildx build`
// sends as frontend attributes goes in as the captured request, see provenanceFor), the v0.2 form
// by its ConvertToSLSA02, the subject's name by util/purl. What a solver run would add and we fill
// by hand (builder id, invocation id, start and finish times, the min-mode scrub of build-arg: and
// label: arguments) follows solver/llbsolver/provenance.go; the attestation manifest and the index
// follow exporter/containerimage/writer.go (commitAttestationsManifest, attestationsConfig).

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
	intoto "github.com/in-toto/in-toto-golang/in_toto"
	slsa02 "github.com/in-toto/in-toto-golang/in_toto/slsa_provenance/v0.2"
	slsa1 "github.com/in-toto/in-toto-golang/in_toto/slsa_provenance/v1"
	dockerfileversion "github.com/moby/buildkit/frontend/dockerfile/version"
	"github.com/moby/buildkit/solver/llbsolver/provenance"
	provenancetypes "github.com/moby/buildkit/solver/llbsolver/provenance/types"
	"github.com/moby/buildkit/util/purl"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/package-url/packageurl-go"
)

const (
	inTotoMediaType       = "application/vnd.in-toto+json" // intoto.PayloadType
	predicateTypeAnnot    = "in-toto.io/predicate-type"    // commitAttestationsManifest
	referenceTypeAnnot    = "vnd.docker.reference.type"    // util/attestation/types.go
	referenceDigestAnnot  = "vnd.docker.reference.digest"  // util/attestation/types.go
	attestationManifestTy = "attestation-manifest"         // DockerAnnotationReferenceTypeDefault
	dockerfileFrontend    = "dockerfile.v0"                // buildx's client.SolveOpt Frontend
	fixtureBuilderID      = "https://github.com/acme/history/actions/runs/1000000001"
)

// buildxRequest is what a `docker buildx build` of spec inside a git checkout (as
// docker/build-push-action runs it, with context: and file: set to the service folder) sends to
// BuildKit: buildx's build/opt.go sets filename to the Dockerfile's base name, build/git.go sets
// vcs:source, vcs:revision and vcs:localdir:<name> for each local mount (context and
// dockerfile) relative to the repository root, and every --label and --build-arg as label: and
// build-arg: attributes.
func buildxRequest(spec historyImage) provenancetypes.Parameters {
	args := map[string]string{
		"filename":                "Dockerfile",
		"vcs:source":              spec.VCS.Source,
		"vcs:revision":            spec.VCS.Revision,
		"vcs:localdir:context":    spec.VCS.Dir,
		"vcs:localdir:dockerfile": spec.VCS.Dir,
	}
	for k, v := range spec.Labels {
		args["label:"+k] = v
	}
	for k, v := range spec.BuildArgs {
		args["build-arg:"+k] = v
	}
	return provenancetypes.Parameters{
		Frontend: dockerfileFrontend,
		Args:     args,
	}
}

// provenanceFor makes the predicate BuildKit writes for spec in buildx's default mode
// (mode=min): its FROM image as the one resolved dependency, the two local mounts as sources.
func provenanceFor(spec historyImage, baseRef string, baseDigest v1.Hash) (string, any, error) {
	p := fixturePlatform
	c := &provenance.Capture{
		Request:        buildxRequest(spec),
		TargetPlatform: platformString(),
		Sources: provenancetypes.Sources{
			Images: []provenancetypes.ImageSource{{Ref: baseRef, Platform: &p, Digest: digest.Digest(baseDigest.String())}},
			Local:  []provenancetypes.LocalSource{{Name: "context"}, {Name: "dockerfile"}},
		},
	}
	pr, err := provenance.NewPredicate(c)
	if err != nil {
		return "", nil, err
	}
	// What NewProvenanceCreator and Predicate add around NewPredicate for a mode=min run.
	started := spec.Time
	finished := spec.Time.Add(time.Duration(len(spec.Layers)+1) * 7 * time.Second)
	pr.RunDetails.Builder.ID = fixtureBuilderID
	pr.RunDetails.Metadata.InvocationID = "hist" + strings.ReplaceAll(spec.Name, "-", "") + "0000000000000"
	pr.RunDetails.Metadata.StartedOn = &started
	pr.RunDetails.Metadata.FinishedOn = &finished
	if scrubMinRequest(&pr.BuildDefinition.ExternalParameters.Request) {
		pr.RunDetails.Metadata.Completeness.Request = false
	}
	pr.BuildDefinition.InternalParameters.DockerfileVersion = dockerfileversion.Version()
	switch spec.Provenance {
	case "v1":
		return slsa1.PredicateSLSAProvenance, pr, nil
	case "v0.2":
		return slsa02.PredicateSLSAProvenance, pr.ConvertToSLSA02(), nil
	}
	return "", nil, fmt.Errorf("%s: unknown provenance version %q", spec.Name, spec.Provenance)
}

// scrubMinRequest drops what mode=min leaves out of the request (solver/llbsolver/provenance.go
// scrubMinRequest): build arguments and labels. It says whether anything was dropped.
func scrubMinRequest(req *provenancetypes.Parameters) bool {
	dropped := false
	for k := range req.Args {
		if strings.HasPrefix(k, "build-arg:") || strings.HasPrefix(k, "label:") {
			delete(req.Args, k)
			dropped = true
		}
	}
	return dropped
}

// withProvenance wraps img in the OCI index BuildKit pushes when it attests: the image for its
// platform and an attestation manifest (platform unknown/unknown) whose one layer is the in-toto
// statement about the image, pointing back at it by the vnd.docker.reference annotations.
func withProvenance(img v1.Image, name string, predicateType string, predicate any) (v1.ImageIndex, []byte, error) {
	imgDigest, err := img.Digest()
	if err != nil {
		return nil, nil, err
	}
	p := fixturePlatform
	subject, err := purl.RefToPURL(packageurl.TypeDocker, name, &p)
	if err != nil {
		return nil, nil, err
	}
	pred, err := json.Marshal(predicate)
	if err != nil {
		return nil, nil, err
	}
	stmt := intoto.Statement{
		StatementHeader: intoto.StatementHeader{
			Type:          intoto.StatementInTotoV1,
			PredicateType: predicateType,
			Subject:       []intoto.Subject{{Name: subject, Digest: map[string]string{imgDigest.Algorithm: imgDigest.Hex}}},
		},
		Predicate: json.RawMessage(pred),
	}
	body, err := json.Marshal(stmt)
	if err != nil {
		return nil, nil, err
	}
	att, err := attestationManifest(body, predicateType)
	if err != nil {
		return nil, nil, err
	}
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	idx = mutate.AppendManifests(idx,
		mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{MediaType: types.OCIManifestSchema1, Platform: &v1.Platform{OS: p.OS, Architecture: p.Architecture}}},
		mutate.IndexAddendum{Add: att, Descriptor: v1.Descriptor{
			MediaType: types.OCIManifestSchema1,
			Platform:  &v1.Platform{OS: "unknown", Architecture: "unknown"},
			Annotations: map[string]string{
				referenceTypeAnnot:   attestationManifestTy,
				referenceDigestAnnot: imgDigest.String(),
			},
		}},
	)
	return idx, body, nil
}

// attestationManifest is commitAttestationsManifest's image: an image config for unknown/unknown
// whose diff_ids are the statements' digests, one in-toto layer per statement.
func attestationManifest(statement []byte, predicateType string) (v1.Image, error) {
	d := digest.FromBytes(statement)
	cfg := ocispecs.Image{Platform: ocispecs.Platform{OS: "unknown", Architecture: "unknown"}}
	cfg.RootFS = ocispecs.RootFS{Type: "layers", DiffIDs: []digest.Digest{d}}
	raw, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	return assemble(raw, []v1.Layer{static.NewLayer(statement, inTotoMediaType)}, map[string]string{predicateTypeAnnot: predicateType})
}
