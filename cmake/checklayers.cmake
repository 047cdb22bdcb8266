# Fails when a file includes a header of a layer above its own (docs/architecture.md).
# Run by CTest as the `layers` test: cmake -DSOURCE_DIR=<top> -P checklayers.cmake
#
# The compiler catches most of this already, since each layer is a library that only sees
# the include paths of what it links; this also catches what a PUBLIC link lets through
# (ui/ seeing the store's headers through the workflow library, say).

if(NOT SOURCE_DIR)
    message(FATAL_ERROR "SOURCE_DIR is not set")
endif()

# layer;its folders relative to SOURCE_DIR
set(layer_domain models/domain)
set(layer_mail models/mail)
set(layer_store models/store)
set(layer_workflow models/workflow)
set(layer_item models/item)
set(layer_interchange models/interchange)
set(layer_server models/server)
set(layer_sync models/sync)
set(layer_render models/render)
set(layer_ui ui)
set(layer_app app)
set(layers domain mail store workflow item interchange server sync render ui app)

# What each layer may include besides itself.
set(allowed_domain "")
set(allowed_mail domain)
set(allowed_store domain)
set(allowed_workflow domain mail store)
set(allowed_item domain mail store workflow)
set(allowed_interchange domain mail store workflow)
set(allowed_server domain store)
set(allowed_sync domain mail store workflow interchange server)
set(allowed_render domain mail store workflow item interchange)
set(allowed_ui domain mail workflow item interchange server sync render)
set(allowed_app domain mail store workflow item interchange server sync render ui)

# Which layer each project header belongs to.
foreach(layer IN LISTS layers)
    foreach(folder IN LISTS layer_${layer})
        file(GLOB_RECURSE headers RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/${folder}/*.h")
        foreach(header IN LISTS headers)
            get_filename_component(name "${header}" NAME)
            set(owner_${name} ${layer})
        endforeach()
    endforeach()
endforeach()

set(problems "")
foreach(layer IN LISTS layers)
    foreach(folder IN LISTS layer_${layer})
        file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cpp")
        foreach(source IN LISTS sources)
            file(STRINGS "${SOURCE_DIR}/${source}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
            foreach(line IN LISTS lines)
                string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([^\">]+)[\">].*$" "\\1" included "${line}")
                get_filename_component(name "${included}" NAME)
                if(NOT DEFINED owner_${name})
                    # Qt, the standard library, generated files
                    if(layer STREQUAL "ui" AND name MATCHES "^QSql")
                        list(APPEND problems "${source}: includes ${included}: the window never runs SQL")
                    endif()
                    continue()
                endif()
                set(owner ${owner_${name}})
                if(owner STREQUAL layer)
                    continue()
                endif()
                list(FIND allowed_${layer} ${owner} index)
                if(index GREATER -1)
                    continue()
                endif()
                list(APPEND problems "${source}: includes ${name} of the ${owner} layer, above or beside ${layer}")
            endforeach()
        endforeach()
    endforeach()
endforeach()

if(problems)
    list(JOIN problems "\n  " text)
    message(FATAL_ERROR "Layer rules broken:\n  ${text}")
endif()
message(STATUS "Layers: every include points down; the window includes no store header")
