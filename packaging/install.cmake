# What `cmake --install` puts where, and the Debian package CPack makes of it
# (`cmake --build build --target package` -> build/tafel_<version>_amd64.deb). The layout:
#   bin/tafel                   the program
#   share/tafel/web/            the app as it is served (web-dist when the build made it)
#   share/tafel/sessions/       the templates
# and, for the package, the systemd unit, /etc/tafel/tafel.conf and the examples in
# share/doc/tafel/. An installed `tafel serve` finds share/tafel/ from its own path
# (server/main.c), so --web and --templates are needed only to serve others.
include(GNUInstallDirs)

install(TARGETS tafel RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET web-dist)
  install(DIRECTORY ${TAFEL_WEB_DIST}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/tafel/web)
else()
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/tafel/web)
endif()
install(DIRECTORY ${CMAKE_SOURCE_DIR}/sessions/ DESTINATION ${CMAKE_INSTALL_DATADIR}/tafel/sessions
        FILES_MATCHING PATTERN "*.json")
install(FILES README.md docs/operations.md docs/scaling.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES packaging/nginx/tafel.conf RENAME nginx-tafel.conf
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES packaging/nginx/tafel-scaled.conf RENAME nginx-tafel-scaled.conf
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
# The unit and the configuration file go to the system's places, outside the prefix: only
# into the package (the `service` component, listed below), never by a plain
# `cmake --install`, which would put them in the running system's /etc whatever the prefix.
install(FILES packaging/tafel.service DESTINATION /lib/systemd/system
        COMPONENT service EXCLUDE_FROM_ALL)
install(FILES packaging/tafel.conf DESTINATION /etc/tafel COMPONENT service EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB)
# One package of the default component (the program, the app, the docs) and the service's.
set(CPACK_INSTALL_CMAKE_PROJECTS
    "${CMAKE_BINARY_DIR};tafel;Unspecified;/;${CMAKE_BINARY_DIR};tafel;service;/")
set(CPACK_PACKAGE_NAME tafel)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "live design-thinking dialogue tables")
set(CPACK_PACKAGE_DESCRIPTION "Tafel runs live design-thinking dialogue tables: a facilitator \
leads a small group through the phases while participants write on their own devices, and \
an organizer exports the report. One C program with one SQLite file, served as a systemd \
service behind a reverse proxy.")
set(CPACK_PACKAGE_CONTACT "Tafel maintainers <tafel@localhost>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # tafel_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries' packages come from dpkg-shlibdeps; the libuv event loop plugin of
# libwebsockets is loaded at run time, which dpkg-shlibdeps cannot see, and adduser is for
# the maintainer scripts.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, libwebsockets-evlib-uv")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx, sqlite3")
configure_file(${CMAKE_SOURCE_DIR}/packaging/debian/conffiles.in
               ${CMAKE_BINARY_DIR}/packaging/conffiles @ONLY)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
    ${CMAKE_SOURCE_DIR}/packaging/debian/prerm
    ${CMAKE_SOURCE_DIR}/packaging/debian/postrm
    ${CMAKE_BINARY_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
