# Installation and the Debian package.
#   cmake --build --preset ci --target package     -> build/swsplan_<version>_amd64.deb
# (scripts/package.sh does that and checks the package's contents.)
# The programs carry everything they read at run time inside them (translations are Qt
# resources, `swsplan sample` writes the sample itself), so nothing installed points back
# at the build tree. Installed besides the programs: the sample project, docs/methods.md,
# a desktop entry, an icon and man pages made from the programs' --help by help2man.

set(SWSPLAN_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/swsplan)
set(SWSPLAN_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/swsplan)
install(FILES ${PROJECT_SOURCE_DIR}/sample-maps/demo_province.gpkg ${PROJECT_SOURCE_DIR}/sample-maps/README.md
        DESTINATION ${SWSPLAN_SHARE_DIR}/sample)
install(FILES ${PROJECT_SOURCE_DIR}/docs/methods.md ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${SWSPLAN_DOC_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/app/translations/swsplan_km.ts
              ${PROJECT_SOURCE_DIR}/app/report/translations/swsplan_report_km.ts
        DESTINATION ${SWSPLAN_SHARE_DIR}/translations)
if(TARGET swsplan-gui)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/swsplan-gui.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/swsplan.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()

# Man pages from --help (help2man runs the programs just built). Sanitizer builds skip them:
# they are never packaged and a leak report at exit would fail the build step.
find_program(HELP2MAN_EXECUTABLE help2man)
option(SWSPLAN_MAN_PAGES "Generate man pages with help2man" ON)
if(SWSPLAN_MAN_PAGES AND NOT HELP2MAN_EXECUTABLE)
  message(WARNING "help2man not found (scripts/install-deps.sh installs it): no man pages, the package would lack them")
endif()
if(SWSPLAN_MAN_PAGES AND HELP2MAN_EXECUTABLE)
  set(_man_dir ${PROJECT_BINARY_DIR}/man)
  set(_man_pages "")
  set(_man_swsplan "social-protection service planning for Cambodia (command line)")
  set(_man_swsplan-gui "social-protection service planning for Cambodia (desktop app)")
  # swsplan-map (the map verb as its own program, installed by app/render) has no --help of its
  # own: `swsplan map --help` documents it.
  foreach(_prog swsplan swsplan-gui)
    if(NOT TARGET ${_prog})
      continue()
    endif()
    add_custom_command(OUTPUT ${_man_dir}/${_prog}.1.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${_man_dir}
      COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
              ${HELP2MAN_EXECUTABLE} --no-info --section 1 --name "${_man_${_prog}}"
              --include ${PROJECT_SOURCE_DIR}/packaging/man-see-also.h2m --output ${_man_dir}/${_prog}.1
              $<TARGET_FILE:${_prog}>
      COMMAND gzip -9nf ${_man_dir}/${_prog}.1
      DEPENDS ${_prog} ${PROJECT_SOURCE_DIR}/packaging/man-see-also.h2m
      COMMENT "Man page ${_prog}.1 (help2man)" VERBATIM)
    list(APPEND _man_pages ${_man_dir}/${_prog}.1.gz)
  endforeach()
  add_custom_target(swsplan_man ALL DEPENDS ${_man_pages})
  install(FILES ${_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME swsplan)
set(CPACK_PACKAGE_VERSION ${SWSPLAN_VERSION})
set(CPACK_PACKAGE_VENDOR "swsplan developers")
set(CPACK_PACKAGE_CONTACT "swsplan developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "social-protection service planning for Cambodia: service gaps and Single Window office siting")
set(CPACK_PACKAGE_DESCRIPTION
    "swsplan overlays communes, villages, health centres, schools, TVET centres and public-works
infrastructure with ID-Poor deprivation to show, commune by commune and service by service,
whether a service is unavailable or unaffordable, and where to put new Single Window Service
offices and mobile vans. Command line (swsplan), desktop app (swsplan-gui), PDF reports in
English and Khmer. Works offline.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)        # swsplan_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)         # Depends on the shared libraries, by dpkg-shlibdeps
# Not seen by dpkg-shlibdeps: the fonts the maps and reports name for Khmer and Latin text,
# and Qt's Wayland platform plugin (X11 and offscreen are in libqt6gui6).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-khmeros, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-core, qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gdal-bin, qgis")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
include(CPack)
