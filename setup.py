"""Package metadata for ffnn_lit, read from `settings.ini` (the single place nbdev 2 keeps it)."""
from configparser import ConfigParser

import setuptools

config = ConfigParser(delimiters=["="])
config.read("settings.ini", encoding="utf-8")
cfg = config["DEFAULT"]


def _words(key):
    "Space-separated entries of a settings.ini key, as a list."
    return cfg.get(key, "").split()


licenses = {"apache2": ("Apache Software License 2.0", "OSI Approved :: Apache Software License")}
license_name, license_classifier = licenses[cfg["license"]]
readme = open("README.md", encoding="utf-8").read() if __import__("os").path.exists("README.md") else ""

setuptools.setup(
    name=cfg["lib_name"],
    version=cfg["version"],
    description=cfg["description"],
    long_description=readme,
    long_description_content_type="text/markdown",
    author=cfg["author"],
    author_email=cfg["author_email"],
    url=cfg["git_url"],
    license=license_name,
    keywords=cfg["keywords"],
    classifiers=[
        "Development Status :: 3 - Alpha",
        "Intended Audience :: Education",
        "Natural Language :: English",
        f"License :: {license_classifier}",
        "Programming Language :: Python :: 3",
    ],
    packages=setuptools.find_packages(include=[cfg["lib_path"], cfg["lib_path"] + ".*"]),
    include_package_data=True,
    python_requires=">=" + cfg["min_python"],
    install_requires=_words("requirements"),
    extras_require={"dev": _words("dev_requirements")},
    entry_points={
        "console_scripts": _words("console_scripts"),
        "nbdev": [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"],
    },
    zip_safe=False,
)
