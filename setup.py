"""Build hook: copy the top-level skills/ folder into the wheel as archnb/_skills.

The skills live at the repository root so that people read and edit them there;
the wheel needs them inside the package so that `pip install archnb` ships them.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithSkills(build_py):
    def run(self) -> None:
        super().run()
        source = Path(__file__).parent / "skills"
        target = Path(self.build_lib) / "archnb" / "_skills"
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildWithSkills})
