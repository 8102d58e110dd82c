# Test registration. Unit tests: one executable per tests/unit/test_*.c, linked with the
# server's modules. Protocol and browser tests: one CTest test per *.test.mjs file, run with
# Node's own test runner against a real `tafel serve` that each file starts itself.

file(GLOB TAFEL_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${TAFEL_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE tafelcore)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/server ${CMAKE_SOURCE_DIR}/tests/unit)
  add_test(NAME unit_${name} COMMAND ${name})
  set_tests_properties(unit_${name} PROPERTIES LABELS unit
    ENVIRONMENT "TAFEL_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endforeach()

find_program(NODE node)
if(NODE)
  foreach(kind protocol browser export package)
    file(GLOB files CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/${kind}/*.test.mjs)
    foreach(f ${files})
      get_filename_component(name ${f} NAME)
      string(REPLACE ".test.mjs" "" name ${name})
      add_test(NAME ${kind}_${name} COMMAND ${NODE} --test --test-reporter=spec ${f})
      set_tests_properties(${kind}_${name} PROPERTIES LABELS ${kind} TIMEOUT 600
        ENVIRONMENT "TAFEL_BIN=$<TARGET_FILE:tafel>;TAFEL_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
    endforeach()
  endforeach()
  # The flood fills the server for a minute: beside another heavy test (ctest -j2) on a
  # sanitized build its replies fell 20 s behind. It runs alone.
  if(TEST protocol_30-flood)
    set_tests_properties(protocol_30-flood PROPERTIES RUN_SERIAL TRUE)
  endif()
else()
  message(WARNING "node not found: protocol and browser tests are not registered")
endif()
