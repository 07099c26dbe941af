# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later

# prospecta_add_test(tst_name SOURCES a.cpp ... LIBRARIES lib ... [LABELS l ...])
# One QtTest suite, one executable, one CTest test. Tests never see a display or the
# user's own files: offscreen platform, UTF-8 locale, QStandardPaths test mode.
function(prospecta_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    qt_add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE prospecta_options Qt6::Test ${ARG_LIBRARIES})
    target_compile_definitions(${name} PRIVATE
        PROSPECTA_FIXTURES_DIR="${PROSPECTA_FIXTURES_DIR}"
        PROSPECTA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        PROSPECTA_BINARY_DIR="${PROJECT_BINARY_DIR}")
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8;LANG=C.UTF-8;QT_LOGGING_RULES=prospecta.*.debug=false")
endfunction()
