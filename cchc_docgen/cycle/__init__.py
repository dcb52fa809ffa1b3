"""The quarter's cycle: `init` skeletons, `init --from`, `import` of a filled Phụ lục, `diff`."""
