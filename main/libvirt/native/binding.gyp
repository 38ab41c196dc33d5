{
  # Native libvirt binding (Node-API). Sources live in main/libvirt/native/.
  # Only Node-API is used, so the same .node loads in Node and Electron.
  "targets": [
    {
      "target_name": "virtdesk_libvirt",
      # Every .cc in this folder: an area (domain, storage, ...) is one new file,
      # with no list to edit.
      "sources": ["<!@(ls -1 *.cc)"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED"
      ],
      # node's common.gypi disables exceptions and picks gnu++17; we want
      # C++ exceptions (node-addon-api error handling) and plain C++17.
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags_cc": [
        "-std=c++17",
        "-fexceptions",
        "-Wall",
        "-Wextra",
        "-Wno-unused-parameter",
        "<!@(pkg-config --cflags libvirt)"
      ],
      "libraries": ["<!@(pkg-config --libs libvirt)"]
    }
  ]
}
