"""Deployment artefacts: image, compose file and Kubernetes manifests, checked with real tools."""
