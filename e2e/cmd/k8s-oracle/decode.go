package main

import (
	"encoding/json"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/client-go/kubernetes/scheme"
	kjson "sigs.k8s.io/json"
)

// object is one Kubernetes object as kubectl reads it and the API server decodes it.
type object struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	// metadata.namespace as written ("" when absent).
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	// The client-go scheme's (non-strict) decoding error: an API version Kubernetes does not serve,
	// a field of the wrong type.
	DecodeError string `json:"decodeError,omitempty"`
	// What strict decoding adds (unknown or duplicate fields), as `--validate=strict` reports it.
	StrictError string `json:"strictError,omitempty"`
	// For workloads: the containers of the pod template (nil for other kinds).
	Containers []container `json:"containers,omitempty"`
	// How the containers were read: "typed" (the scheme decoded the object into its current type) or
	// "template" (it could not, or only into a type of an API version Kubernetes no longer serves;
	// each container was decoded on its own from the pod template's place for the kind).
	ContainersFrom string `json:"containersFrom,omitempty"`
}

type container struct {
	Group                  string              `json:"group"`
	Name                   string              `json:"name"`
	Image                  string              `json:"image"`
	Privileged             *bool               `json:"privileged"`
	ReadOnlyRootFilesystem *bool               `json:"readOnlyRootFilesystem"`
	Limits                 map[string]quantity `json:"limits,omitempty"`
	// A container that could not be decoded on its own (ContainersFrom "template" only).
	Error string `json:"error,omitempty"`
}

// quantity is a resource quantity as Kubernetes holds it.
type quantity struct {
	// resource.Quantity.String(): the canonical form the API server stores and returns.
	Canonical string `json:"canonical"`
	// The exact decimal value, without trailing zeros.
	Exact string `json:"exact"`
}

var strict = serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
var lax = scheme.Codecs.UniversalDeserializer()

func decodeObject(u *unstructured.Unstructured) object {
	o := object{APIVersion: u.GetAPIVersion(), Kind: u.GetKind(), Namespace: u.GetNamespace(), Name: u.GetName()}
	data, err := u.MarshalJSON()
	if err != nil {
		o.DecodeError = err.Error()
		return o
	}
	typed, _, err := lax.Decode(data, nil, nil)
	if err != nil {
		o.DecodeError = err.Error()
	} else if _, _, err := strict.Decode(data, nil, nil); err != nil {
		o.StrictError = err.Error()
	}
	if err == nil {
		if spec, ok := podSpecOf(typed); ok {
			o.ContainersFrom = "typed"
			if spec != nil {
				o.Containers = containersOf(spec)
			}
			return o
		}
	}
	// Not decodable as a whole, or a type the scheme keeps only for old clients (extensions/v1beta1).
	if path, ok := templatePaths[o.Kind]; ok {
		o.ContainersFrom = "template"
		o.Containers = containersFromTemplate(u.Object, path)
	}
	return o
}

// podSpecOf finds the pod template of the workload kinds that create pods (nil spec: none written).
func podSpecOf(obj runtime.Object) (*corev1.PodSpec, bool) {
	switch o := obj.(type) {
	case *corev1.Pod:
		return &o.Spec, true
	case *corev1.ReplicationController:
		if o.Spec.Template == nil {
			return nil, true
		}
		return &o.Spec.Template.Spec, true
	case *appsv1.Deployment:
		return &o.Spec.Template.Spec, true
	case *appsv1.StatefulSet:
		return &o.Spec.Template.Spec, true
	case *appsv1.DaemonSet:
		return &o.Spec.Template.Spec, true
	case *appsv1.ReplicaSet:
		return &o.Spec.Template.Spec, true
	case *batchv1.Job:
		return &o.Spec.Template.Spec, true
	case *batchv1.CronJob:
		return &o.Spec.JobTemplate.Spec.Template.Spec, true
	}
	return nil, false
}

// templatePaths is where the pod spec is for objects the scheme cannot decode (API versions
// Kubernetes no longer serves, such as extensions/v1beta1 Deployments, or a field of the wrong type).
var templatePaths = map[string][]string{
	"Pod":                   {"spec"},
	"ReplicationController": {"spec", "template", "spec"},
	"Deployment":            {"spec", "template", "spec"},
	"StatefulSet":           {"spec", "template", "spec"},
	"DaemonSet":             {"spec", "template", "spec"},
	"ReplicaSet":            {"spec", "template", "spec"},
	"Job":                   {"spec", "template", "spec"},
	"CronJob":               {"spec", "jobTemplate", "spec", "template", "spec"},
}

func containersOf(spec *corev1.PodSpec) []container {
	out := []container{}
	for _, c := range spec.Containers {
		out = append(out, reading("containers", c.Name, c.Image, c.SecurityContext, c.Resources))
	}
	for _, c := range spec.InitContainers {
		out = append(out, reading("initContainers", c.Name, c.Image, c.SecurityContext, c.Resources))
	}
	for _, c := range spec.EphemeralContainers {
		out = append(out, reading("ephemeralContainers", c.Name, c.Image, c.SecurityContext, c.Resources))
	}
	return out
}

// containersFromTemplate decodes each container of the pod spec at path on its own, with the
// API server's case-sensitive JSON decoding.
func containersFromTemplate(obj map[string]interface{}, path []string) []container {
	spec, found, _ := unstructured.NestedMap(obj, path...)
	out := []container{}
	if !found {
		return out
	}
	for _, group := range []string{"containers", "initContainers", "ephemeralContainers"} {
		items, _ := spec[group].([]interface{})
		for _, item := range items {
			data, _ := json.Marshal(item)
			var c corev1.Container
			if err := kjson.UnmarshalCaseSensitivePreserveInts(data, &c); err != nil {
				out = append(out, container{Group: group, Error: err.Error()})
				continue
			}
			out = append(out, reading(group, c.Name, c.Image, c.SecurityContext, c.Resources))
		}
	}
	return out
}

func reading(group, name, image string, sc *corev1.SecurityContext, res corev1.ResourceRequirements) container {
	c := container{Group: group, Name: name, Image: image}
	if sc != nil {
		c.Privileged = sc.Privileged
		c.ReadOnlyRootFilesystem = sc.ReadOnlyRootFilesystem
	}
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if q, ok := res.Limits[name]; ok {
			if c.Limits == nil {
				c.Limits = map[string]quantity{}
			}
			c.Limits[string(name)] = quantityOf(q)
		}
	}
	return c
}

func quantityOf(q resource.Quantity) quantity {
	exact := q.AsDec().String()
	if strings.Contains(exact, ".") {
		exact = strings.TrimRight(strings.TrimRight(exact, "0"), ".")
	}
	if exact == "-0" {
		exact = "0"
	}
	return quantity{Canonical: q.String(), Exact: exact}
}
