# CPack: a Debian package (runtime dependencies found by dpkg-shlibdeps from the binaries) and a
# tarball of the same tree. Build with STRATA_PORTABLE=ON for machines other than the builder's.
set(CPACK_PACKAGE_NAME strata)
set(CPACK_PACKAGE_VENDOR "Strata")
set(CPACK_PACKAGE_CONTACT "Strata developers") # no public address yet
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Design studio for chiplet, 2.5D and 3D systems: thermal, power, performance, cost")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "Strata places chiplets, HBM stacks, cache dies and near-memory compute on a package and "
  "evaluates temperature (3-D finite volumes), power, AI workload performance, bandwidth, "
  "reliability and cost; Lua sweeps, a SQLite results store and a headless CLI for CI.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY strata)
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
