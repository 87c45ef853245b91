-- What a libvirt host says its CPUs are (virNodeGetInfo's model); "" where a host does not say.
ALTER TABLE host ADD COLUMN cpu_model VARCHAR(128) NOT NULL DEFAULT '';
