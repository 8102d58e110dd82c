# Makes the web app as it is served (docs/webapp.md, "Loading and caching"):
#
#   cmake -DSRC=web -DOUT=build/web-dist -DESBUILD=/usr/bin/esbuild -DGZIP=/bin/gzip -P scripts/web-dist.cmake
#
# - the ES modules, from js/app.js on, as one bundle: assets/app-HASH.js (and its source map);
# - the stylesheets index.html links, in its order, as one: assets/app-HASH.css;
# - index.html with those two in place of the files they were made from;
# - every other file of web/ (the icon) copied as it is;
# - a gzip copy (FILE.gz) of each file in assets/, which the server sends to browsers that
#   accept gzip.
# HASH comes from the content, so a changed file gets a new name, and the server may tell
# browsers to keep assets/ for a year. The result is made in a folder beside OUT and then
# put in OUT's place, so a running server never sees half of it.
cmake_minimum_required(VERSION 3.18)
foreach(v SRC OUT ESBUILD GZIP)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "web-dist.cmake: -D${v}=... is needed")
  endif()
endforeach()

set(tmp "${OUT}.new")
file(REMOVE_RECURSE "${tmp}")
file(MAKE_DIRECTORY "${tmp}/assets")

file(READ "${SRC}/index.html" html)

# The stylesheets, in the order of the page's links, through one entry file of @imports.
string(REGEX MATCHALL "<link rel=\"stylesheet\" href=\"/[^\"]+\">" links "${html}")
list(LENGTH links n_links)
if(n_links EQUAL 0)
  message(FATAL_ERROR "web-dist.cmake: index.html links no stylesheet")
endif()
set(css_entry "")
foreach(l IN LISTS links)
  string(REGEX REPLACE ".*href=\"/([^\"]+)\".*" "\\1" href "${l}")
  string(APPEND css_entry "@import \"${SRC}/${href}\";\n")
endforeach()
file(MAKE_DIRECTORY "${tmp}/src")
file(WRITE "${tmp}/src/app.css" "${css_entry}")

string(REGEX MATCHALL "<script type=\"module\" src=\"/[^\"]+\"></script>" scripts "${html}")
list(LENGTH scripts n_scripts)
if(NOT n_scripts EQUAL 1)
  message(FATAL_ERROR "web-dist.cmake: index.html must load exactly one module script (found ${n_scripts})")
endif()
string(REGEX REPLACE ".*src=\"/([^\"]+)\".*" "\\1" js_entry "${scripts}")

# --minify: a third smaller after gzip than the modules as they are; the source map lets the
# browser's tools show the modules.
execute_process(
  COMMAND "${ESBUILD}" "${SRC}/${js_entry}" "${tmp}/src/app.css" --bundle --minify
          --sourcemap --format=esm --charset=utf8 --log-level=warning
          "--entry-names=[name]-[hash]" "--outdir=${tmp}/assets"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "web-dist.cmake: esbuild failed (${rc})")
endif()
file(REMOVE_RECURSE "${tmp}/src")
file(GLOB js_out RELATIVE "${tmp}/assets" "${tmp}/assets/*.js")
file(GLOB css_out RELATIVE "${tmp}/assets" "${tmp}/assets/*.css")
list(LENGTH js_out n_js)
list(LENGTH css_out n_css)
if(NOT n_js EQUAL 1 OR NOT n_css EQUAL 1)
  message(FATAL_ERROR "web-dist.cmake: expected one bundle and one stylesheet, got ${js_out} ${css_out}")
endif()

# index.html: the first stylesheet link becomes the bundle's, the others go (with their line).
list(GET links 0 first_link)
foreach(l IN LISTS links)
  if(l STREQUAL first_link)
    string(REPLACE "${l}" "<link rel=\"stylesheet\" href=\"/assets/${css_out}\">" html "${html}")
  else()
    string(REGEX REPLACE "[ \t]*${l}[ \t]*\r?\n" "" html "${html}")
  endif()
endforeach()
string(REPLACE "${scripts}" "<script type=\"module\" src=\"/assets/${js_out}\"></script>" html "${html}")
if(html MATCHES "\"/(js|css)/")
  message(FATAL_ERROR "web-dist.cmake: index.html still names a file of js/ or css/")
endif()
file(WRITE "${tmp}/index.html" "${html}")

# Everything else as it is (the bundle replaces js/ and css/).
file(GLOB others RELATIVE "${SRC}" "${SRC}/*")
foreach(f IN LISTS others)
  if(NOT f MATCHES "^(js|css|index\\.html)$" AND NOT f MATCHES "^\\.")
    file(COPY "${SRC}/${f}" DESTINATION "${tmp}")
  endif()
endforeach()

# gzip copies: -n leaves out the name and time, so the same input gives the same bytes.
file(GLOB assets "${tmp}/assets/*")
foreach(f IN LISTS assets)
  execute_process(COMMAND "${GZIP}" -9 -n -k -f "${f}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "web-dist.cmake: gzip ${f} failed")
  endif()
endforeach()

file(REMOVE_RECURSE "${OUT}.old")
if(EXISTS "${OUT}")
  file(RENAME "${OUT}" "${OUT}.old")
endif()
file(RENAME "${tmp}" "${OUT}")
file(REMOVE_RECURSE "${OUT}.old")
