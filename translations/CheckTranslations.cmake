# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later

# Checks the Qt Linguist files (run with cmake -P; the test translations_complete does).
#   cmake -DCONFIG=<build>/translations/translations_check_config.cmake
#         -DWORK_DIR=<scratch folder> -P CheckTranslations.cmake
# Fails when
#   - a file in COMPLETE_TS_FILES (Spanish) has an unfinished translation, or one marked
#     finished but left empty, which would show an empty label;
#   - running lupdate on a copy of a file would add or remove source strings, or drop
#     obsolete entries: the file is stale.
# CONFIG is written by translations/CMakeLists.txt, so lupdate runs here with the same
# sources, include directories and options as the update_translations target.

cmake_minimum_required(VERSION 3.21)

if(NOT CONFIG OR NOT WORK_DIR)
    message(FATAL_ERROR "CheckTranslations.cmake needs -DCONFIG=<file> and -DWORK_DIR=<folder>.")
endif()
include("${CONFIG}")

# Reads a .ts file into three lists of "context | comment | source" keys:
# current messages, messages that still need a translation, and obsolete messages.
function(read_ts_messages ts_file out_current out_untranslated out_obsolete)
    file(READ "${ts_file}" content)
    # lupdate writes &apos; &quot; &gt; where other XML writers keep the plain character.
    # Decode them so both spellings give one key. '<' and '&' stay escaped in any writer.
    foreach(entity_and_character IN ITEMS "&apos@'" "&#39@'" "&#x27@'" "&quot@\"" "&#34@\"" "&#x22@\"" "&gt@>" "&#62@>" "&#x3e@>")
        string(REPLACE "@" ";" pair "${entity_and_character}")
        list(GET pair 0 entity)
        list(GET pair 1 character)
        string(REPLACE "${entity};" "${character}" content "${content}")
    endforeach()
    # CMake lists split at ';' and treat brackets specially, and source text may hold both
    # (lupdate writes "&lt;" for '<'), so they are swapped for markers until printing.
    string(REPLACE ";" "@SEMICOLON@" content "${content}")
    string(REPLACE "[" "@LBRACKET@" content "${content}")
    string(REPLACE "]" "@RBRACKET@" content "${content}")
    # lupdate escapes '<' inside text, so "[^<]*" spans exactly one element's text.
    string(REGEX MATCHALL
        "<name>[^<]*</name>|<message( [^>]*)?>|<source>[^<]*</source>|<comment>[^<]*</comment>|<translation( [^>]*)?/?>[^<]*|<numerusform[^>]*>[^<]*</numerusform>"
        tokens "${content}")

    set(current "")
    set(untranslated "")
    set(obsolete "")
    set(context "")
    set(in_message FALSE)
    # The sentinel "<name>" files the last message like any change of context.
    foreach(token IN LISTS tokens ITEMS "<name></name>")
        if(token MATCHES "^<name>|^<message")
            if(in_message)
                set(key "${context} | ${comment} | ${source}")
                if(numerus)
                    string(PREPEND key "(plural) ")
                endif()
                if(type STREQUAL "vanished" OR type STREQUAL "obsolete")
                    list(APPEND obsolete "${key}")
                else()
                    list(APPEND current "${key}")
                    if(type STREQUAL "unfinished" OR empty)
                        list(APPEND untranslated "${key}")
                    endif()
                endif()
            endif()
            set(in_message FALSE)
        endif()

        if(token MATCHES "^<name>(.*)</name>$")
            set(context "${CMAKE_MATCH_1}")
        elseif(token MATCHES "^<message")
            set(in_message TRUE)
            set(source "")
            set(comment "")
            set(type "")
            set(empty FALSE)
            if(token MATCHES "numerus=\"yes\"")
                set(numerus TRUE)
            else()
                set(numerus FALSE)
            endif()
        elseif(token MATCHES "^<source>(.*)</source>$")
            set(source "${CMAKE_MATCH_1}")
        elseif(token MATCHES "^<comment>(.*)</comment>$")
            set(comment "${CMAKE_MATCH_1}")
        elseif(token MATCHES "^<translation")
            if(token MATCHES "type=\"([a-z]+)\"")
                set(type "${CMAKE_MATCH_1}")
            endif()
            string(REGEX REPLACE "^<translation[^>]*>" "" text "${token}")
            string(STRIP "${text}" text)
            if(NOT numerus AND text STREQUAL "")
                set(empty TRUE)
            endif()
        elseif(token MATCHES "^<numerusform[^>]*>(.*)</numerusform>$")
            string(STRIP "${CMAKE_MATCH_1}" text)
            if(text STREQUAL "")
                set(empty TRUE)
            endif()
        endif()
    endforeach()

    set(${out_current} "${current}" PARENT_SCOPE)
    set(${out_untranslated} "${untranslated}" PARENT_SCOPE)
    set(${out_obsolete} "${obsolete}" PARENT_SCOPE)
endfunction()

function(print_keys heading)
    message("${heading}")
    foreach(key IN LISTS ARGN)
        string(REPLACE "@SEMICOLON@" ";" key "${key}")
        string(REPLACE "@LBRACKET@" "[" key "${key}")
        string(REPLACE "@RBRACKET@" "]" key "${key}")
        message("    ${key}")
    endforeach()
endfunction()

set(failed FALSE)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# lupdate stops at a missing file. Like qt_add_lupdate's project file, the list leaves out
# sources deleted since CMake last ran.
set(lines "")
foreach(directory IN LISTS INCLUDE_DIRECTORIES)
    string(APPEND lines "-I${directory}\n")
endforeach()
foreach(source IN LISTS SOURCES)
    if(EXISTS "${source}")
        string(APPEND lines "${source}\n")
    endif()
endforeach()
set(SOURCE_LIST "${WORK_DIR}/sources.lst")
file(WRITE "${SOURCE_LIST}" "${lines}")

foreach(ts_file IN LISTS TS_FILES)
    get_filename_component(ts_name "${ts_file}" NAME)
    get_filename_component(ts_base "${ts_file}" NAME_WE)
    if(NOT EXISTS "${ts_file}")
        message("${ts_name}: missing; create it with `ninja -C <build> update_translations`.")
        set(failed TRUE)
        continue()
    endif()
    read_ts_messages("${ts_file}" current untranslated obsolete)
    list(LENGTH current message_count)

    if(ts_file IN_LIST COMPLETE_TS_FILES AND untranslated)
        list(LENGTH untranslated count)
        print_keys("${ts_name}: ${count} of ${message_count} messages are unfinished or empty, listed as context | disambiguation | source. Translate them in Qt Linguist:"
            ${untranslated})
        set(failed TRUE)
    endif()

    # Update a copy, never the file in the source tree.
    set(copy "${WORK_DIR}/${ts_name}")
    file(COPY_FILE "${ts_file}" "${copy}")
    execute_process(
        COMMAND "${LUPDATE}" ${OPTIONS_${ts_base}} "@${SOURCE_LIST}" -ts "${copy}"
        RESULT_VARIABLE lupdate_result
        OUTPUT_VARIABLE lupdate_output
        ERROR_VARIABLE lupdate_output)
    if(NOT lupdate_result EQUAL 0)
        message("${ts_name}: lupdate failed (${lupdate_result}):\n${lupdate_output}")
        set(failed TRUE)
        continue()
    endif()
    read_ts_messages("${copy}" updated updated_untranslated updated_obsolete)

    set(added "${updated}")
    set(removed "${current}")
    if(current)
        list(REMOVE_ITEM added ${current})
    endif()
    if(updated)
        list(REMOVE_ITEM removed ${updated})
    endif()
    if(added OR removed OR obsolete)
        message("${ts_name} is stale: run `ninja -C <build> update_translations` and commit the .ts files.")
        if(added)
            print_keys("  strings in the code but not in ${ts_name}:" ${added})
        endif()
        if(removed)
            print_keys("  strings in ${ts_name} but no longer in the code:" ${removed})
        endif()
        if(obsolete)
            print_keys("  obsolete entries that lupdate -no-obsolete drops:" ${obsolete})
        endif()
        set(failed TRUE)
    else()
        message("${ts_name}: ${message_count} messages, up to date with the sources")
    endif()
endforeach()

if(failed)
    message(FATAL_ERROR "Translations are incomplete or stale (details above).")
endif()
