# The dashboard files embedded in the jirga binary, shared by the configure step (CMakeLists.txt)
# and the build step (EmbedWeb.cmake) so both agree on one list.
#
# jirga_web_files(WEB_DIR OUT_URLS OUT_FILES OUT_MISSING)
#   OUT_URLS    URL paths ("/index.html", "/src/app.js", "/vendor/lit-html/lit-html.js")
#   OUT_FILES   the absolute source file of each URL, in the same order
#   OUT_MISSING vendor files listed in web/vendor.list but absent from web/node_modules
# Our own files: web/*.html, web/*.css, web/*.svg and web/src/**/*.js. Library files: each line of
# web/vendor.list names a file under web/node_modules, served under /vendor/ (blank lines and
# lines starting with '#' are skipped).
function(jirga_web_files WEB_DIR OUT_URLS OUT_FILES OUT_MISSING)
  # At configure time, a file added to web/ re-runs CMake (script mode does not allow the flag).
  set(depends "")
  if(NOT CMAKE_SCRIPT_MODE_FILE)
    set(depends CONFIGURE_DEPENDS)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${WEB_DIR}/vendor.list")
  endif()
  file(GLOB own ${depends} RELATIVE "${WEB_DIR}"
       "${WEB_DIR}/*.html" "${WEB_DIR}/*.css" "${WEB_DIR}/*.svg")
  file(GLOB_RECURSE own_js ${depends} RELATIVE "${WEB_DIR}" "${WEB_DIR}/src/*.js")
  list(APPEND own ${own_js})
  list(SORT own)
  set(urls "")
  set(files "")
  foreach(rel IN LISTS own)
    list(APPEND urls "/${rel}")
    list(APPEND files "${WEB_DIR}/${rel}")
  endforeach()
  set(missing "")
  file(STRINGS "${WEB_DIR}/vendor.list" lines)
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    if(line STREQUAL "" OR line MATCHES "^#")
      continue()
    endif()
    if(NOT EXISTS "${WEB_DIR}/node_modules/${line}")
      list(APPEND missing "web/node_modules/${line}")
    endif()
    list(APPEND urls "/vendor/${line}")
    list(APPEND files "${WEB_DIR}/node_modules/${line}")
    # Deleting one later re-runs CMake, which then stops with the message below, instead of the
    # build tool failing on a missing input.
    if(NOT CMAKE_SCRIPT_MODE_FILE)
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                   "${WEB_DIR}/node_modules/${line}")
    endif()
  endforeach()
  set(${OUT_URLS} "${urls}" PARENT_SCOPE)
  set(${OUT_FILES} "${files}" PARENT_SCOPE)
  set(${OUT_MISSING} "${missing}" PARENT_SCOPE)
endfunction()

# Stops with a message saying how to get the missing library files.
function(jirga_web_require_vendor MISSING)
  if(MISSING)
    list(JOIN MISSING "\n  " listed)
    message(FATAL_ERROR
      "The web dashboard's library files are missing:\n  ${listed}\n"
      "They come from npm (web/package.json, web/package-lock.json). Run scripts/install-deps.sh "
      "(it runs `npm ci` in web/), or `make build`, then build again.")
  endif()
endfunction()
