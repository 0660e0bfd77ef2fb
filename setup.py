"""Package list: protos/eventcenter is the `eventcenter` package, services/ is `eventcenter.services`."""
from setuptools import find_packages, setup

services = ["eventcenter.services"] + ["eventcenter.services." + p for p in find_packages("services")]
setup(packages=find_packages("protos") + services)
